// Keyboard shortcuts on the review page, as listed in its "shortcuts" box:
// j/k walk the filtered queue, v and r submit the verify and reject forms,
// m opens the merge picker, u goes back to the queue. Typing in a field is left alone.
(function () {
  "use strict";

  function follow(id) {
    var link = document.getElementById(id);
    if (link) window.location.assign(link.href);
  }

  function submit(selector) {
    var form = document.querySelector(selector);
    if (form) form.requestSubmit();
  }

  var keys = {
    j: function () { follow("next-camera"); },
    k: function () { follow("prev-camera"); },
    u: function () { follow("back-to-queue"); },
    v: function () { submit(".decisions .decision-verify"); },
    r: function () { submit(".decisions .decision-reject"); },
    m: function () {
      var picker = document.getElementById("merge-picker");
      if (!picker) return;
      picker.scrollIntoView();
      var first = picker.querySelector("input[name=into]:checked, input[name=into]");
      if (first) first.focus();
    },
  };

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    var run = keys[event.key];
    if (!run) return;
    event.preventDefault();
    run();
  });
  document.documentElement.dataset.reviewKeys = "ready";
})();
