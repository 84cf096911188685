/*
 * The map for keyboard and screen-reader users: a label on the map, and a
 * legend that can be hidden (a phone has no room for it). Focus after Enter
 * on a cluster is kept in clusters.js.
 */
import { el } from "../../js/common.js";

export function labelMap(map, t) {
  const container = map.getContainer();
  container.setAttribute("role", "region");
  container.setAttribute("aria-label", t.map_label);
  container.setAttribute("aria-roledescription", "map");
}

export function legendToggle(map, t) {
  const control = L.control({ position: "bottomright" });
  control.onAdd = () => {
    const button = el("button", "legend-toggle", t.legend_hide);
    button.type = "button";
    button.setAttribute("aria-pressed", "false");
    L.DomEvent.disableClickPropagation(button);
    button.addEventListener("click", () => {
      const hidden = map.getContainer().classList.toggle("legend-hidden");
      button.textContent = hidden ? t.legend_show : t.legend_hide;
      button.setAttribute("aria-pressed", String(hidden));
    });
    return button;
  };
  control.addTo(map);
}
