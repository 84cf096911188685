/*
 * A camera's approved photos in its map popup: thumbnails linking to the full photo,
 * asked for when the popup opens (most popups are opened by few), appended on the
 * map's "camera:popup" event like the vote buttons.
 */
import { el, fetchJson, fillUrl, readJson } from "../js/common.js";

const config = readJson("popup-photos-config");

document.addEventListener("camera:popup", async (event) => {
  const { feature, element } = event.detail;
  const box = el("div", "popup-photos");
  element.appendChild(box);
  let body;
  try {
    body = await fetchJson(fillUrl(config.url, { pk: feature.properties.id }));
  } catch (err) {
    return; // a popup without its photos is still a popup
  }
  for (const photo of body.photos.slice(0, config.max)) {
    const link = el("a");
    link.href = photo.image;
    const img = el("img", "popup-photo");
    img.src = photo.thumbnail;
    img.alt = config.alt;
    img.loading = "lazy";
    link.appendChild(img);
    box.appendChild(link);
  }
  box.dataset.photos = String(body.photos.length);
});
