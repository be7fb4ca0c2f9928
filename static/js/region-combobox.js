/*
 * A combobox for a long <select data-combobox>: type part of a name or a code ("Pelop", "Πελοπ",
 * "EL65"), then choose with the arrow keys and Enter, or a click. It follows WAI-ARIA's pattern of
 * an editable combobox with list autocomplete: the first match is active, so Enter takes it.
 *
 * The <select> stays in the form, hidden, and holds the choice: without JavaScript it is the field
 * itself. The texts come from the djangojs catalogue (gettext and ngettext of Django's
 * JavaScriptCatalog, loaded before this file).
 */
(function () {
  "use strict";

  var MAX_SHOWN = 50;
  var _ = window.gettext || function (text) { return text; };
  var ngettext = window.ngettext || function (one, other, count) { return count === 1 ? one : other; };
  var interpolate = window.interpolate || function (text, values, named) {
    return text.replace(/%\((\w+)\)s|%s/g, function (match, name) { return named ? values[name] : values.shift(); });
  };

  // Lower case, without accents: "Peloponnisos" and "peloponnisos", "Hárghita" and "harghita" are alike.
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLocaleLowerCase();
  }

  function words(text) {
    return fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  document.querySelectorAll("select[data-combobox]").forEach(enhance);

  function enhance(select) {
    var choices = Array.prototype.filter.call(select.options, function (option) { return option.value; })
      .map(function (option) {
        var label = option.textContent.trim();
        return { option: option, label: label, words: words(label), folded: fold(label) };
      });
    var base = select.id || "combobox";
    var wrapper = document.createElement("div");
    var input = document.createElement("input");
    var listbox = document.createElement("ul");
    var status = document.createElement("p");
    var matches = [];
    var active = -1;

    wrapper.className = "combobox";
    input.type = "text";
    input.id = base + "_combobox";
    input.className = select.className.replace("form-select", "form-control");
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", base + "_listbox");
    input.setAttribute("autocomplete", "off");
    input.setAttribute("spellcheck", "false");
    ["aria-describedby", "aria-invalid", "required"].forEach(function (name) {
      if (select.hasAttribute(name)) {
        input.setAttribute(name, select.getAttribute(name));
      }
    });
    listbox.id = base + "_listbox";
    listbox.className = "combobox-listbox";
    listbox.setAttribute("role", "listbox");
    listbox.hidden = true;
    status.className = "visually-hidden";
    status.setAttribute("aria-live", "polite");

    var label = document.querySelector("label[for='" + select.id + "']");
    if (label) {
      label.htmlFor = input.id;
      listbox.setAttribute("aria-label", label.textContent.trim());
    }
    input.placeholder = _("Type a name or a NUTS code");
    input.value = selectedLabel();

    select.parentNode.insertBefore(wrapper, select);
    wrapper.appendChild(input);
    wrapper.appendChild(listbox);
    wrapper.appendChild(status);
    wrapper.appendChild(select);
    select.hidden = true;
    select.tabIndex = -1;
    select.dataset.comboboxInput = input.id; // where a link to the field (the error summary's) takes the focus

    function selectedLabel() {
      var option = select.options[select.selectedIndex];
      return option && option.value ? option.textContent.trim() : "";
    }

    function find(text) {
      var query = words(text);
      if (!query.length) {
        return choices.slice(0, MAX_SHOWN);
      }
      var whole = fold(text.trim());
      var found = choices.filter(function (choice) {
        return query.every(function (part) {
          return choice.words.some(function (word) { return word.indexOf(part) === 0; });
        });
      });
      // Those that begin with what was typed first; otherwise the order of the list (partner regions first).
      var first = found.filter(function (choice) { return choice.folded.indexOf(whole) === 0; });
      var rest = found.filter(function (choice) { return choice.folded.indexOf(whole) !== 0; });
      return first.concat(rest);
    }

    function show(text) {
      var found = find(text);
      matches = found.slice(0, MAX_SHOWN);
      listbox.textContent = "";
      matches.forEach(function (choice, index) {
        var item = document.createElement("li");
        item.id = base + "_option_" + index;
        item.setAttribute("role", "option");
        item.textContent = choice.label;
        item.addEventListener("mousedown", function (event) {
          event.preventDefault(); // keep the focus in the input
          choose(index);
        });
        listbox.appendChild(item);
      });
      listbox.hidden = matches.length === 0;
      input.setAttribute("aria-expanded", String(matches.length > 0));
      activate(matches.length ? 0 : -1);
      if (!found.length) {
        status.textContent = _("No region matches. Try another part of the name, or the NUTS code.");
      } else if (found.length > MAX_SHOWN) {
        status.textContent = interpolate(
          _("%(count)s regions match; the first %(shown)s are listed. Type more to narrow them down."),
          { count: found.length, shown: MAX_SHOWN },
          true
        );
      } else {
        status.textContent = interpolate(ngettext("%s region matches.", "%s regions match.", found.length), [found.length]);
      }
    }

    function activate(index) {
      var items = listbox.children;
      if (active >= 0 && items[active]) {
        items[active].removeAttribute("aria-selected");
        items[active].classList.remove("active");
      }
      active = index;
      if (active >= 0 && items[active]) {
        items[active].setAttribute("aria-selected", "true");
        items[active].classList.add("active");
        items[active].scrollIntoView({ block: "nearest" });
        input.setAttribute("aria-activedescendant", items[active].id);
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function close() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function choose(index) {
      var choice = matches[index];
      if (!choice) {
        return;
      }
      select.value = choice.option.value;
      select.dispatchEvent(new Event("change", { bubbles: true }));
      input.value = choice.label;
      close();
      status.textContent = interpolate(_("Chosen: %s"), [choice.label]);
    }

    input.addEventListener("input", function () {
      if (!input.value.trim()) {
        select.value = "";
        select.dispatchEvent(new Event("change", { bubbles: true }));
      }
      show(input.value);
    });

    input.addEventListener("keydown", function (event) {
      var open = !listbox.hidden;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (!open) {
          show(input.value === selectedLabel() ? "" : input.value);
        } else {
          activate(Math.min(active + 1, matches.length - 1));
        }
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        if (open) {
          activate(Math.max(active - 1, 0));
        }
      } else if (event.key === "Enter") {
        if (open && active >= 0) {
          event.preventDefault(); // choose the region, do not send the form
          choose(active);
        }
      } else if (event.key === "Escape") {
        if (open) {
          event.preventDefault();
          close();
        } else if (input.value !== selectedLabel()) {
          input.value = selectedLabel();
        }
      }
    });

    input.addEventListener("blur", function () {
      close();
      // What is typed but not chosen does not count: the field shows the region that will be saved.
      input.value = input.value.trim() ? selectedLabel() : "";
      if (!input.value) {
        select.value = "";
      }
    });
  }
})();
