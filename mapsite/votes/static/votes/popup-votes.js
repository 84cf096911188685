// Confirm / dispute buttons in the public map's camera popups.
// The map dispatches `camera:popup` with {feature, element, map} after building
// each popup; we append our controls to `element`. All text goes in through
// textContent: nothing here is ever parsed as HTML.
(function () {
  "use strict";

  var configNode = document.getElementById("popup-votes-config");
  if (!configNode) return;
  var config = JSON.parse(configNode.textContent);
  var L = config.labels;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function urlFor(template, id) {
    // Templates are reversed with camera 0: /cameras/0/confirm/.
    return template.replace("/0/", "/" + encodeURIComponent(String(id)) + "/");
  }

  function countsText(confirms, disputes) {
    return L.confirms + ": " + confirms + " · " + L.disputes + ": " + disputes;
  }

  function send(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json",
        "X-CSRFToken": config.csrfToken,
      },
      body: JSON.stringify(body || {}),
    }).then(function (response) {
      return response
        .json()
        .catch(function () {
          return { error: L.failed };
        })
        .then(function (data) {
          return { ok: response.ok, data: data || {} };
        });
    });
  }

  function build(detail) {
    var feature = detail.feature || {};
    var props = feature.properties || {};
    var id = props.id !== undefined ? props.id : feature.id;
    var container = detail.element;
    if (id === undefined || id === null || !container) return;
    var old = container.querySelector(".popup-votes");
    if (old) old.remove();

    var box = el("div", "popup-votes");
    box.setAttribute("data-camera-id", String(id));
    var counts = el("p", "popup-votes-counts", countsText(props.confirm_count || 0, props.dispute_count || 0));
    var message = el("p", "popup-votes-message");
    message.setAttribute("role", "status");
    box.appendChild(counts);

    if (!config.signedIn) {
      var login = el("a", "popup-votes-login", L.login);
      login.href = config.loginUrl + "?next=" + encodeURIComponent(window.location.pathname + window.location.search);
      box.appendChild(login);
      container.appendChild(box);
      return;
    }

    var buttons = el("div", "popup-votes-buttons");
    var confirmButton = el("button", "popup-confirm", L.confirm);
    confirmButton.type = "button";
    var disputeButton = el("button", "popup-dispute", L.dispute);
    disputeButton.type = "button";
    buttons.appendChild(confirmButton);
    buttons.appendChild(disputeButton);
    box.appendChild(buttons);

    var disputeForm = el("div", "popup-dispute-form");
    disputeForm.hidden = true;
    var label = el("label", null, L.why + " ");
    var select = el("select", "popup-dispute-reason");
    config.reasons.forEach(function (pair) {
      var option = el("option", null, pair[1]);
      option.value = pair[0];
      select.appendChild(option);
    });
    label.appendChild(select);
    disputeForm.appendChild(label);
    var sendButton = el("button", "popup-dispute-send", L.send);
    sendButton.type = "button";
    var cancelButton = el("button", "popup-dispute-cancel", L.cancel);
    cancelButton.type = "button";
    disputeForm.appendChild(sendButton);
    disputeForm.appendChild(cancelButton);
    var more = el("a", "popup-votes-more", L.more);
    more.href = urlFor(config.cameraUrl, id);
    disputeForm.appendChild(el("br"));
    disputeForm.appendChild(more);
    box.appendChild(disputeForm);
    box.appendChild(message);
    container.appendChild(box);

    function submit(url, body) {
      var controls = box.querySelectorAll("button, select");
      controls.forEach(function (c) { c.disabled = true; });
      message.className = "popup-votes-message";
      message.textContent = L.sending;
      send(url, body)
        .then(function (result) {
          if (result.ok) {
            message.textContent = result.data.message || "";
            counts.textContent = countsText(result.data.confirm_count, result.data.dispute_count);
            disputeForm.hidden = true;
            if (result.data.changed !== false) {
              document.dispatchEvent(new CustomEvent("cameras:changed", { detail: { id: id } }));
            }
          } else {
            message.className = "popup-votes-message is-error";
            message.textContent = result.data.error || L.failed;
          }
        })
        .catch(function () {
          message.className = "popup-votes-message is-error";
          message.textContent = L.failed;
        })
        .then(function () {
          controls.forEach(function (c) { c.disabled = false; });
        });
    }

    confirmButton.addEventListener("click", function () {
      submit(urlFor(config.confirmUrl, id), {});
    });
    disputeButton.addEventListener("click", function () {
      disputeForm.hidden = !disputeForm.hidden;
    });
    cancelButton.addEventListener("click", function () {
      disputeForm.hidden = true;
    });
    sendButton.addEventListener("click", function () {
      submit(urlFor(config.disputeUrl, id), { reason: select.value });
    });
  }

  document.addEventListener("camera:popup", function (event) {
    if (event.detail) build(event.detail);
  });
})();
