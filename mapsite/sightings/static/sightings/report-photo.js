/* A preview of the photo chosen for a report, read in the browser (a blob: URL), before
   anything is sent; with the reminder that faces and plates are blurred on arrival. */
import { readJson } from "../js/common.js";

const input = document.getElementById("id_photo");
const preview = document.getElementById("photo-preview");
const labels = readJson("report-config").labels;
let shown = null;

if (input && preview) {
  input.addEventListener("change", () => {
    if (shown) URL.revokeObjectURL(shown);
    shown = null;
    const file = input.files && input.files[0];
    const image = preview.querySelector("img");
    if (!file || !file.type.startsWith("image/")) {
      preview.hidden = true;
      image.removeAttribute("src");
      return;
    }
    shown = URL.createObjectURL(file);
    image.src = shown;
    image.alt = labels.photoPreview;
    preview.querySelector("figcaption").textContent = labels.photoPreviewNote;
    preview.hidden = false;
  });
}
