// The person picker (members/pickers.py): a <select data-person-picker="URL"> holding
// only the chosen person becomes a combobox that searches the registry by name or
// kana as one types. Keyboard: type, ArrowDown/ArrowUp through the matches, Enter
// to choose, Escape to close. The <select> stays in the form and carries the value.
// The organization picker is the same script on other addresses. A <select multiple>
// keeps each chosen record in a list under the box, each with a button removing it.
(function () {
    "use strict";

    var DELAY = 200;

    function enhance(select) {
        if (select.dataset.pickerReady) {
            return;
        }
        select.dataset.pickerReady = "1";
        var url = select.dataset.personPicker;
        var base = select.id || "person-picker-" + Math.random().toString(36).slice(2);

        var wrapper = document.createElement("div");
        wrapper.className = "person-picker position-relative";
        var input = document.createElement("input");
        input.type = "text";
        input.id = base + "-search";
        input.className = "form-control";
        input.autocomplete = "off";
        input.placeholder = select.dataset.placeholder || "";
        input.setAttribute("role", "combobox");
        input.setAttribute("aria-autocomplete", "list");
        input.setAttribute("aria-expanded", "false");
        input.setAttribute("aria-controls", base + "-matches");
        if (select.getAttribute("aria-describedby")) {
            input.setAttribute("aria-describedby", select.getAttribute("aria-describedby"));
        }
        if (select.getAttribute("aria-invalid")) {
            input.setAttribute("aria-invalid", select.getAttribute("aria-invalid"));
            input.classList.add("is-invalid");
        }
        var list = document.createElement("ul");
        list.id = base + "-matches";
        list.className = "list-group position-absolute w-100 shadow-sm person-picker-list";
        list.setAttribute("role", "listbox");
        list.hidden = true;
        var status = document.createElement("div");
        status.className = "visually-hidden";
        status.setAttribute("role", "status");

        var label = document.querySelector('label[for="' + select.id + '"]');
        if (label) {
            label.setAttribute("for", input.id);
            list.setAttribute("aria-label", label.textContent.trim());
        }
        var multiple = select.multiple;
        var picked = null;
        if (multiple) {
            picked = document.createElement("ul");
            picked.className = "list-unstyled d-flex flex-wrap gap-1 mt-1 mb-0 person-picker-chosen";
        } else {
            var chosen = select.options[select.selectedIndex];
            if (chosen && chosen.value) {
                input.value = chosen.textContent.trim();
            }
        }
        select.parentNode.insertBefore(wrapper, select);
        wrapper.appendChild(input);
        wrapper.appendChild(list);
        wrapper.appendChild(status);
        if (picked) {
            wrapper.appendChild(picked);
        }
        wrapper.appendChild(select);
        // Hidden but submitted; the server says what is missing.
        select.hidden = true;
        select.required = false;
        select.tabIndex = -1;

        var results = [];
        var active = -1;

        // The chosen records of a <select multiple>, each with its remove button.
        function showPicked() {
            if (!picked) {
                return;
            }
            picked.textContent = "";
            Array.prototype.slice.call(select.options).forEach(function (option) {
                if (!option.value || !option.selected) {
                    return;
                }
                var item = document.createElement("li");
                item.className = "badge text-bg-light border d-inline-flex align-items-center gap-1";
                var text = document.createElement("span");
                text.textContent = option.textContent.trim();
                var remove = document.createElement("button");
                remove.type = "button";
                remove.className = "btn-close";
                remove.setAttribute(
                    "aria-label",
                    (select.dataset.removeLabel || "%(name)s").replace("%(name)s", text.textContent)
                );
                remove.addEventListener("click", function () {
                    option.remove();
                    showPicked();
                    input.focus();
                    select.dispatchEvent(new Event("change", {bubbles: true}));
                });
                item.appendChild(text);
                item.appendChild(remove);
                picked.appendChild(item);
            });
        }
        showPicked();
        var timer = null;
        var asked = 0;

        function close() {
            list.hidden = true;
            input.setAttribute("aria-expanded", "false");
            input.removeAttribute("aria-activedescendant");
            active = -1;
        }

        function highlight(index) {
            var items = list.querySelectorAll("[role=option]");
            items.forEach(function (item, i) {
                var on = i === index;
                item.classList.toggle("active", on);
                item.setAttribute("aria-selected", on ? "true" : "false");
            });
            active = index;
            if (index >= 0 && items[index]) {
                input.setAttribute("aria-activedescendant", items[index].id);
                items[index].scrollIntoView({block: "nearest"});
            } else {
                input.removeAttribute("aria-activedescendant");
            }
        }

        function show(found) {
            results = found;
            list.textContent = "";
            if (!found.length) {
                var none = document.createElement("li");
                none.className = "list-group-item text-body-secondary";
                none.textContent = select.dataset.noMatch || "";
                list.appendChild(none);
            }
            found.forEach(function (person, i) {
                var item = document.createElement("li");
                item.id = base + "-match-" + i;
                item.className = "list-group-item list-group-item-action";
                item.setAttribute("role", "option");
                item.setAttribute("aria-selected", "false");
                item.dataset.index = String(i);
                var name = document.createElement("div");
                name.textContent = person.label;
                var detail = document.createElement("div");
                detail.className = "small";
                detail.textContent = person.detail;
                item.appendChild(name);
                item.appendChild(detail);
                list.appendChild(item);
            });
            list.hidden = false;
            input.setAttribute("aria-expanded", "true");
            status.textContent = found.length ? String(found.length) : (select.dataset.noMatch || "");
            highlight(found.length ? 0 : -1);
        }

        function choose(index) {
            var person = results[index];
            if (!person) {
                return;
            }
            var text = person.label + " — " + person.detail;
            if (multiple) {
                var already = Array.prototype.slice.call(select.options).some(function (option) {
                    return option.value === String(person.id);
                });
                if (!already) {
                    select.add(new Option(text, String(person.id), true, true));
                }
                input.value = "";
                showPicked();
                close();
                select.dispatchEvent(new Event("change", {bubbles: true}));
                return;
            }
            Array.prototype.slice.call(select.options).forEach(function (option) {
                if (option.value) {
                    option.remove();
                }
            });
            select.add(new Option(text, String(person.id), true, true));
            input.value = text;
            close();
            select.dispatchEvent(new Event("change", {bubbles: true}));
        }

        function search() {
            var text = input.value.trim();
            if (!text) {
                close();
                return;
            }
            var mine = ++asked;
            fetch(url + (url.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(text), {
                headers: {"Accept": "application/json"},
                credentials: "same-origin",
            })
                .then(function (response) {
                    return response.ok ? response.json() : {results: []};
                })
                .then(function (data) {
                    if (mine === asked) {
                        show(data.results || []);
                    }
                })
                .catch(function () {
                    if (mine === asked) {
                        show([]);
                    }
                });
        }

        input.addEventListener("input", function () {
            if (!multiple) {
                select.value = "";
            }
            clearTimeout(timer);
            timer = setTimeout(search, DELAY);
        });
        input.addEventListener("keydown", function (event) {
            if (event.key === "ArrowDown" || event.key === "ArrowUp") {
                event.preventDefault();
                if (list.hidden) {
                    search();
                    return;
                }
                var step = event.key === "ArrowDown" ? 1 : -1;
                var next = Math.min(Math.max(active + step, 0), results.length - 1);
                highlight(next);
            } else if (event.key === "Enter") {
                if (!list.hidden && active >= 0) {
                    event.preventDefault();
                    choose(active);
                }
            } else if (event.key === "Escape") {
                if (!list.hidden) {
                    event.preventDefault();
                    close();
                }
            }
        });
        input.addEventListener("blur", function () {
            setTimeout(close, 150);
        });
        list.addEventListener("mousedown", function (event) {
            var item = event.target.closest("[role=option]");
            if (item) {
                event.preventDefault();
                choose(Number(item.dataset.index));
            }
        });
    }

    function enhanceAll(root) {
        if (root && root.querySelectorAll) {
            root.querySelectorAll("select[data-person-picker]").forEach(enhance);
        }
    }

    document.addEventListener("DOMContentLoaded", function () {
        enhanceAll(document);
    });
    document.addEventListener("htmx:load", function (event) {
        enhanceAll(event.detail && event.detail.elt);
    });
})();
