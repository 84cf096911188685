/*
 * "Locate me": a map button that moves the view to where the browser says the
 * visitor is. The position is used only to move the view: it is not sent,
 * stored or drawn.
 */
import { el } from "../../js/common.js";
import { showNotice } from "./state.js";

const HK = L.latLngBounds([22.13, 113.8], [22.58, 114.52]);

export function addLocateControl(map, t) {
  if (!navigator.geolocation) return;
  const control = L.control({ position: "topleft" });
  control.onAdd = () => {
    const bar = el("div", "leaflet-bar locate-control");
    const button = el("button", "locate-button", t.locate);
    button.type = "button";
    button.title = t.locate_title;
    L.DomEvent.disableClickPropagation(bar);
    button.addEventListener("click", () => {
      navigator.geolocation.getCurrentPosition(
        (position) => {
          const here = L.latLng(position.coords.latitude, position.coords.longitude);
          if (!HK.contains(here)) {
            showNotice(t.locate_outside);
            return;
          }
          map.setView(here, Math.max(map.getZoom(), 16));
        },
        () => showNotice(t.locate_failed),
        { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 },
      );
    });
    bar.appendChild(button);
    return bar;
  };
  control.addTo(map);
}
