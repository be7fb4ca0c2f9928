/*
 * The practice form, progressively enhanced. Everything here is optional: the form works without it.
 *
 * - Focus moves to the error summary (or the edit-conflict notice) when the page shows one.
 * - Long texts get a live character counter. Screen readers hear it only when a threshold is crossed
 *   (90 % of the limit, and going over it), through one polite live region, not on every key.
 * - Leaving the page with unsaved changes asks first (not after the form is submitted).
 * - Results, images and documents get an "Add another" button that copies the formset's empty form.
 */
(function () {
  "use strict";

  var form = document.querySelector("form[data-practice-form]");
  if (!form) {
    return;
  }

  // -- Error summary -------------------------------------------------------------------------------

  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) {
        return;
      }
      var target = document.getElementById(link.getAttribute("href").slice(1));
      if (target && target.dataset.comboboxInput) {
        target = document.getElementById(target.dataset.comboboxInput); // a select replaced by a combobox
      }
      if (!target) {
        return;
      }
      event.preventDefault();
      // Show the label (or legend) with the field, not just the field at the top edge of the window.
      var group = target.closest("fieldset.formset-form, [id^='div_']") || target;
      group.scrollIntoView();
      target.focus({ preventScroll: true });
    });
  }

  // -- Character counters --------------------------------------------------------------------------

  var status = document.querySelector("[data-char-count-status]");
  var texts = {
    remainingOne: form.dataset.countRemainingOne,
    remainingOther: form.dataset.countRemainingOther,
    overOne: form.dataset.countOverOne,
    overOther: form.dataset.countOverOther,
  };

  function countText(remaining) {
    if (remaining === 1) {
      return texts.remainingOne;
    }
    if (remaining === -1) {
      return texts.overOne;
    }
    var template = remaining >= 0 ? texts.remainingOther : texts.overOther;
    return template.replace("__count__", String(Math.abs(remaining)));
  }

  function labelOf(field) {
    var label = field.id ? document.querySelector("label[for='" + field.id + "']") : null;
    return label ? label.textContent.replace(/\*\s*$/, "").trim() : "";
  }

  function announce(message) {
    if (!status) {
      return;
    }
    // Emptied first, so that the same message twice is announced twice.
    status.textContent = "";
    window.setTimeout(function () {
      status.textContent = message;
    }, 100);
  }

  function band(length, limit) {
    if (length > limit) {
      return 2;
    }
    return length >= limit * 0.9 ? 1 : 0;
  }

  function addCounter(field) {
    var limit = parseInt(field.dataset.maxlength, 10);
    if (!limit) {
      return;
    }
    var counter = document.createElement("div");
    counter.className = "char-count form-text";
    counter.id = field.id + "_counter";
    var wrapper = field.closest("[id^='div_']") || field.parentNode;
    var help = wrapper.querySelector(".form-text:not(.char-count)");
    wrapper.insertBefore(counter, help ? help.nextSibling : null);
    // Screen readers read the count with the field; the live region speaks only at thresholds.
    var describedBy = field.getAttribute("aria-describedby");
    field.setAttribute("aria-describedby", (describedBy ? describedBy + " " : "") + counter.id);

    var lastBand = null;
    function update(announceChange) {
      var length = Array.from(field.value).length; // characters, as the server counts them
      var remaining = limit - length;
      counter.textContent = countText(remaining);
      counter.classList.toggle("is-over", remaining < 0);
      counter.classList.toggle("is-near", remaining >= 0 && remaining <= limit * 0.1);
      var current = band(length, limit);
      if (announceChange && current !== lastBand && (current > 0 || lastBand === 2)) {
        announce(labelOf(field) + ": " + countText(remaining));
      }
      lastBand = current;
    }
    field.addEventListener("input", function () {
      update(true);
    });
    update(false);
  }

  function addCounters(root) {
    Array.prototype.forEach.call(root.querySelectorAll("[data-maxlength]"), addCounter);
  }

  addCounters(form);

  // -- Unsaved changes -----------------------------------------------------------------------------

  // A form shown again after an error holds input that is not saved yet.
  var dirty = form.hasAttribute("data-unsaved");
  function markDirty() {
    dirty = true;
  }
  form.addEventListener("input", markDirty);
  form.addEventListener("change", markDirty);
  form.addEventListener("submit", function () {
    dirty = false;
  });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) {
      event.preventDefault();
      event.returnValue = ""; // older browsers need it set to show the prompt
    }
  });

  // -- "Add another" for the formsets ---------------------------------------------------------------

  Array.prototype.forEach.call(form.querySelectorAll("[data-formset]"), function (container) {
    var template = container.querySelector("template[data-formset-template]");
    var list = container.querySelector("[data-formset-forms]");
    var total = form.querySelector("input[name='" + container.dataset.prefix + "-TOTAL_FORMS']");
    var max = form.querySelector("input[name='" + container.dataset.prefix + "-MAX_NUM_FORMS']");
    if (!template || !list || !total) {
      return;
    }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-outline-primary btn-sm formset-add";
    button.textContent = container.dataset.addLabel;
    container.appendChild(button);

    button.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      if (max && index >= parseInt(max.value, 10)) {
        return;
      }
      var html = template.innerHTML.replace(/__prefix__/g, String(index)).replace(/__number__/g, String(index + 1));
      var holder = document.createElement("div");
      holder.innerHTML = html;
      var added = holder.firstElementChild;
      list.appendChild(added);
      total.value = String(index + 1);
      addCounters(added);
      markDirty();
      var first = added.querySelector("input:not([type='hidden']), textarea, select");
      if (first) {
        first.focus();
      }
    });
  });
})();
