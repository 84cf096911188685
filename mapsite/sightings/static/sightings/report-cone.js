/* The report pin's view cone and its direction handle. Both keep one
   on-screen size at every zoom: the cone shows which way the camera faces,
   not how far it sees. Dragging the handle writes the direction field. */
import { bearing, coneOutline } from "../js/common.js";

const CONE_PX = 70;

/* Web Mercator is conformal, so a screen-space angle is the compass bearing. */
function pixelsAlong(map, latlng, px) {
  const p = map.latLngToLayerPoint(latlng);
  return (degrees) => {
    const r = (degrees * Math.PI) / 180;
    return map.layerPointToLatLng(L.point(p.x + px * Math.sin(r), p.y - px * Math.cos(r)));
  };
}

function bearingBetween(map, from, to) {
  const a = map.latLngToLayerPoint(from);
  const b = map.latLngToLayerPoint(to);
  return bearing((Math.atan2(b.x - a.x, a.y - b.y) * 180) / Math.PI);
}

function numberIn(input) {
  const n = Number(input.value);
  return input.value.trim() && isFinite(n) ? n : null;
}

/* Returns draw(pin): redraws the cone and handle for the pin where it is now. */
export function pinCone(map, dirInput, fovInput, handleTitle) {
  let cone = null;
  let handle = null;
  let dragging = false;
  let pin = null;

  function draw(current) {
    pin = current || pin;
    if (!pin) return;
    const origin = pin.getLatLng();
    const raw = numberIn(dirInput);
    const dir = raw === null ? null : bearing(raw);
    const along = pixelsAlong(map, origin, CONE_PX);
    const tip = along(dir === null ? 0 : dir);
    if (!handle) {
      handle = L.marker(tip, {
        draggable: true,
        keyboard: false,
        title: handleTitle,
        icon: L.divIcon({ className: "cone-handle", iconSize: [20, 20], iconAnchor: [10, 10] }),
      }).addTo(map);
      // A ring alone says nothing to a screen reader: name it.
      const ring = handle.getElement();
      ring.setAttribute("role", "img");
      ring.setAttribute("aria-label", handleTitle);
      handle.on("dragstart", () => {
        dragging = true;
      });
      handle.on("drag", () => {
        dirInput.value = bearingBetween(map, pin.getLatLng(), handle.getLatLng());
        draw();
      });
      handle.on("dragend", () => {
        dragging = false;
        draw();
      });
    } else if (!dragging) {
      handle.setLatLng(tip);
    }
    if (dir === null) {
      if (cone) map.removeLayer(cone);
      cone = null;
      return;
    }
    // An empty or unreadable field of view is the default one.
    const points = coneOutline(origin, dir, numberIn(fovInput), along, 16);
    if (cone) cone.setLatLngs(points);
    else cone = L.polygon(points, { className: "view-cone", interactive: false }).addTo(map);
  }
  return draw;
}
