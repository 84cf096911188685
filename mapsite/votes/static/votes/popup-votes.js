/*
 * Confirm / dispute buttons in the public map's camera popups. The map
 * dispatches "camera:popup" with {feature, element, map} after building each
 * popup, and these controls are appended to `element`. The popup asks the
 * server for the visitor's own vote (never anyone else's) so it shows "you
 * confirmed this" and offers only what would be accepted. A vote that changed
 * anything sends "cameras:changed" once the popup closes: redrawing the map
 * at once would close the popup before its result could be read.
 */
import { el, fetchJson, fillUrl, format, labelled, postJson, readJson } from "../js/common.js";

const config = readJson("popup-votes-config");
const t = config ? config.labels : {};

function countsText(confirms, disputes) {
  return labelled(t.confirms, confirms) + " · " + labelled(t.disputes, disputes);
}

function button(className, label) {
  const node = el("button", className, label);
  node.type = "button";
  return node;
}

function loginLink() {
  const login = el("a", "popup-votes-login", t.login);
  login.href = config.loginUrl + "?next=" + encodeURIComponent(window.location.pathname + window.location.search);
  return login;
}

function disputeForm(id) {
  const form = el("div", "popup-dispute-form");
  form.hidden = true;
  const label = el("label", null, t.why + " ");
  const select = el("select", "popup-dispute-reason");
  config.reasons.forEach(([value, text]) => {
    const option = el("option", null, text);
    option.value = value;
    select.appendChild(option);
  });
  label.appendChild(select);
  form.appendChild(label);
  const send = button("popup-dispute-send", t.send);
  const cancel = button("popup-dispute-cancel", t.cancel);
  form.appendChild(send);
  form.appendChild(cancel);
  const more = el("a", "popup-votes-more", t.more);
  more.href = fillUrl(config.cameraUrl, { pk: id });
  form.appendChild(el("br"));
  form.appendChild(more);
  return { form, select, send, cancel };
}

function build(detail) {
  const feature = detail.feature || {};
  const props = feature.properties || {};
  const id = props.id !== undefined ? props.id : feature.id;
  const container = detail.element;
  if (id === undefined || id === null || !container) return;
  const old = container.querySelector(".popup-votes");
  if (old) old.remove();

  const box = el("div", "popup-votes");
  box.setAttribute("data-camera-id", String(id));
  const counts = el("p", "popup-votes-counts", countsText(props.confirm_count || 0, props.dispute_count || 0));
  box.appendChild(counts);
  container.appendChild(box);
  if (!config.signedIn) {
    box.appendChild(loginLink());
    return;
  }

  const buttons = el("div", "popup-votes-buttons");
  const confirmButton = button("popup-confirm", t.confirm);
  const disputeButton = button("popup-dispute", t.dispute);
  buttons.appendChild(confirmButton);
  buttons.appendChild(disputeButton);
  box.appendChild(buttons);
  const dispute = disputeForm(id);
  box.appendChild(dispute.form);
  const message = el("p", "popup-votes-message");
  message.setAttribute("role", "status");
  box.appendChild(message);

  // Hidden until the visitor's own vote is known, so nothing is offered that would be refused.
  buttons.hidden = true;
  const mine = el("p", "popup-votes-mine");
  mine.hidden = true;
  box.insertBefore(mine, buttons);

  function showMine(state) {
    box.dataset.mine = "ready";
    const lines = [];
    if (state.is_reporter) lines.push(t.yours);
    else if (!state.can_vote) lines.push(t.closed);
    if (state.your_vote === "confirm") lines.push(format(t.youConfirmed, { day: state.voted_on }));
    if (state.your_vote === "dispute") lines.push(format(t.youDisputed, { reason: state.your_reason }));
    if (state.your_vote === "confirm" && state.confirm_again_on) lines.push(format(t.againOn, { day: state.confirm_again_on }));
    mine.textContent = lines.join(" ");
    mine.hidden = !lines.length;
    buttons.hidden = !state.can_vote;
    confirmButton.hidden = !state.can_confirm;
  }

  function refreshMine() {
    return fetchJson(fillUrl(config.mineUrl, { pk: id }))
      .then(showMine)
      .catch(() => {
        // Unknown: offer the buttons; the server still has the last word.
        box.dataset.mine = "error";
        buttons.hidden = false;
      });
  }

  let changed = false;
  if (detail.map) {
    detail.map.on("popupclose", function closed(event) {
      const shell = event.popup.getElement();
      if (!shell || !shell.contains(container)) return;
      detail.map.off("popupclose", closed);
      if (changed) document.dispatchEvent(new CustomEvent("cameras:changed", { detail: { id } }));
    });
  }

  function submit(url, body) {
    const controls = box.querySelectorAll("button, select");
    controls.forEach((c) => {
      c.disabled = true;
    });
    message.className = "popup-votes-message";
    message.textContent = t.sending;
    postJson(url, body, config.csrfToken)
      .then(({ ok, data }) => {
        const reply = data || { error: t.failed };
        if (ok) {
          message.textContent = reply.message || "";
          counts.textContent = countsText(reply.confirm_count, reply.dispute_count);
          dispute.form.hidden = true;
          if (reply.changed !== false) changed = true;
          refreshMine();
        } else {
          message.className = "popup-votes-message is-error";
          message.textContent = reply.error || t.failed;
        }
      })
      .catch(() => {
        message.className = "popup-votes-message is-error";
        message.textContent = t.failed;
      })
      .then(() => {
        controls.forEach((c) => {
          c.disabled = false;
        });
      });
  }

  refreshMine();
  confirmButton.addEventListener("click", () => submit(fillUrl(config.confirmUrl, { pk: id }), {}));
  disputeButton.addEventListener("click", () => {
    dispute.form.hidden = !dispute.form.hidden;
  });
  dispute.cancel.addEventListener("click", () => {
    dispute.form.hidden = true;
  });
  dispute.send.addEventListener("click", () =>
    submit(fillUrl(config.disputeUrl, { pk: id }), { reason: dispute.select.value }),
  );
}

if (config) {
  document.addEventListener("camera:popup", (event) => {
    if (event.detail) build(event.detail);
  });
}
