/* The cameras already on the map near the pin: listed with a button to
   confirm one instead of reporting it again, and drawn on the map. */
import { clear, el, format, labelled } from "../js/common.js";

/* A real POST to the votes app, from a form outside the report form (forms cannot nest). */
function confirmForm(p, csrfToken) {
  const form = el("form");
  form.id = "confirm-" + p.id;
  form.method = "post";
  form.action = p.confirm_url;
  const csrf = el("input");
  csrf.type = "hidden";
  csrf.name = "csrfmiddlewaretoken";
  csrf.value = csrfToken;
  form.appendChild(csrf);
  return form;
}

export function nearbyList(map, config, csrfToken) {
  const t = config.labels;
  const listEl = document.getElementById("nearby");
  const forms = document.getElementById("confirm-forms");
  const differentWrap = document.getElementById("different-wrap");
  // Above the pin, so the pin's tip never hides the camera it may duplicate.
  map.createPane("nearbyPane").style.zIndex = 640;
  const layer = L.layerGroup().addTo(map);

  return function render(items) {
    layer.clearLayers();
    clear(listEl);
    clear(forms);
    differentWrap.hidden = !items.length;
    if (!items.length) return;
    listEl.appendChild(el("p", null, format(t.nearbyTitle, { radius: config.radius })));
    const list = el("ul", "nearby-list");
    items.forEach((feature) => {
      const p = feature.properties;
      const li = el("li");
      li.setAttribute("data-camera-id", p.id);
      li.appendChild(el("strong", null, p.kind_label));
      li.appendChild(document.createTextNode(
        " · " + p.status_label + " · " + format(t.reported, { date: p.reported_on }) +
          " · " + format(t.metres, { distance: p.distance_m }) + " ",
      ));
      if (p.yours) {
        // Confirming one's own report is refused (403): say why instead of offering it.
        li.appendChild(el("span", "nearby-yours", t.yours));
      } else {
        const form = confirmForm(p, csrfToken);
        forms.appendChild(form);
        const button = el("button", "confirm-same", t.confirm);
        button.type = "submit";
        button.setAttribute("form", form.id);
        li.appendChild(button);
      }
      list.appendChild(li);
      const c = feature.geometry.coordinates;
      L.circleMarker([c[1], c[0]], { radius: 11, className: "nearby-camera", pane: "nearbyPane" })
        .bindTooltip(el("span", null, labelled(t.existing, p.kind_label)))
        .addTo(layer);
    });
    listEl.appendChild(list);
  };
}
