/*
 * Lighter list pages. On the resolution list, the follow-up list and the search results,
 * applying the filters or following a link to another page of the same list fetches
 * that page and swaps in its results (the element marked data-live-region) instead of
 * reloading everything. The address bar still shows the same URL a plain request would
 * use, Back and Forward work, and screen readers hear the new count. Without this file,
 * or when a fetch fails, the links and forms work as they always did.
 */
(function () {
  "use strict";

  if (!window.fetch || !window.DOMParser || !window.history.pushState) {
    return;
  }
  if (!document.querySelector("[data-live-region]")) {
    return;
  }

  var shown = location.pathname + location.search; // what the region shows now
  var pending = null; // the AbortController of the request under way

  // One polite status outside the swapped region: a live region that is itself replaced
  // is not announced.
  var announcer = document.createElement("p");
  announcer.className = "visually-hidden";
  announcer.setAttribute("role", "status");
  announcer.setAttribute("aria-live", "polite");
  announcer.setAttribute("data-live-status", "");
  document.body.appendChild(announcer);

  function region() {
    return document.querySelector("[data-live-region]");
  }

  function countText(container) {
    var count = container.querySelector("#count");
    if (!count) {
      return "";
    }
    var copy = count.cloneNode(true);
    Array.prototype.forEach.call(copy.querySelectorAll("a"), function (link) {
      link.remove();
    });
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  function announce(text) {
    // Emptied first, so that the same count twice running is still read.
    announcer.textContent = "";
    window.setTimeout(function () {
      announcer.textContent = text;
    }, 50);
  }

  // Where focus goes once the new results are in: back to the same control of the same
  // form when the filters were applied, otherwise to the count at the top of the results.
  function restoreFocus(target, formControl) {
    if (formControl) {
      var forms = target.querySelectorAll("form");
      var form = forms[formControl.form];
      var control = form && form.elements[formControl.index];
      if (control) {
        control.focus();
        return;
      }
    }
    var count = target.querySelector("#count");
    if (count) {
      count.setAttribute("tabindex", "-1");
      count.focus();
    }
  }

  function load(url, options) {
    if (pending) {
      pending.abort();
    }
    var controller = new AbortController();
    pending = controller;
    var current = region();
    current.setAttribute("aria-busy", "true");
    var landed = url;
    return fetch(url, {
      headers: { Accept: "text/html" },
      credentials: "same-origin",
      signal: controller.signal,
    })
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (!response.ok || type.indexOf("text/html") !== 0) {
          throw new Error("not a page of the list: " + response.status);
        }
        landed = response.url || url;
        return response.text();
      })
      .then(function (html) {
        if (controller.signal.aborted) {
          return; // a newer request took over while this one's body was being read
        }
        var incoming = new DOMParser().parseFromString(html, "text/html");
        var replacement = incoming.querySelector("[data-live-region]");
        if (!replacement) {
          throw new Error("the page has no results region");
        }
        current.replaceWith(replacement);
        document.title = incoming.title;
        // The page's address is also written outside the results, in the log-in link and
        // the language switch: take them from the new page so that they lead back to it.
        var follows = document.querySelector("[data-follows-page]");
        var followsNew = incoming.querySelector("[data-follows-page]");
        if (follows && followsNew) {
          follows.replaceWith(followsNew);
        }
        // So is the search box above the results: after Back or Forward it must show the
        // words of the results below it. (Searching from it, it holds them already.)
        if (!options.push) {
          syncFormsOutside(incoming, replacement);
        }
        var target = new URL(landed, location.href);
        shown = target.pathname + target.search;
        if (options.push) {
          history.pushState({ live: true }, "", target.href);
        }
        if (!options.keepFocus) {
          restoreFocus(replacement, options.formControl);
        }
        announce(countText(replacement));
      })
      .catch(function (error) {
        if (error.name === "AbortError") {
          return;
        }
        // Anything unexpected: let the browser load the page itself.
        if (options.push) {
          window.location.assign(url);
        } else {
          window.location.replace(url);
        }
      })
      .finally(function () {
        if (pending === controller) {
          pending = null;
          var now = region();
          if (now) {
            now.removeAttribute("aria-busy");
          }
        }
      });
  }

  // Fields of the [data-live-form] forms outside the results take the values the new page
  // gives them.
  function syncFormsOutside(incoming, container) {
    var fresh = incoming.querySelectorAll("[data-live-form]");
    var outside = Array.prototype.filter.call(
      document.querySelectorAll("[data-live-form]"),
      function (form) {
        return !container.contains(form);
      }
    );
    outside.forEach(function (form, index) {
      var twin = fresh[index];
      if (!twin) {
        return;
      }
      Array.prototype.forEach.call(form.elements, function (field) {
        var other = field.name && twin.elements.namedItem(field.name);
        if (!other || !("value" in other)) {
          return;
        }
        if (field.type === "checkbox" || field.type === "radio") {
          field.checked = other.checked;
        } else if (field.type !== "submit" && field.type !== "button") {
          field.value = other.value;
        }
      });
    });
  }

  function samePage(url) {
    return url.origin === location.origin && url.pathname === location.pathname;
  }

  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0) {
      return;
    }
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return;
    }
    var link = event.target.closest("a[href]");
    if (!link || !link.closest("[data-live-region]")) {
      return;
    }
    if (link.hasAttribute("download") || (link.target && link.target !== "_self")) {
      return;
    }
    var url = new URL(link.href, location.href);
    if (!samePage(url) || url.hash) {
      return; // another page, or a place in this one ("Filters ↓")
    }
    event.preventDefault();
    load(url.href, { push: true });
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !form.closest("[data-live-region], [data-live-form]")) {
      return;
    }
    if (!region()) {
      return;
    }
    if ((form.getAttribute("method") || "get").toLowerCase() !== "get") {
      return; // staff actions are posted as usual
    }
    // getAttribute: a field named "action" (the follow-up filters have one) shadows form.action.
    var url = new URL(form.getAttribute("action") || location.href, location.href);
    if (!samePage(url)) {
      return;
    }
    var data = new FormData(form, event.submitter || null);
    url.search = new URLSearchParams(data).toString();
    event.preventDefault();
    var container = region();
    if (!container.contains(form)) {
      // The search box above the results: it stays, and so does focus.
      load(url.href, { push: true, keepFocus: true });
      return;
    }
    // Enter pressed in a field submits too: focus goes back to that field, not the button.
    var active = form.contains(document.activeElement) ? document.activeElement : event.submitter;
    var formControl = {
      form: Array.prototype.indexOf.call(container.querySelectorAll("form"), form),
      index: Array.prototype.indexOf.call(form.elements, active),
    };
    load(url.href, { push: true, formControl: formControl.index < 0 ? null : formControl });
  });

  window.addEventListener("popstate", function () {
    if (location.pathname + location.search === shown) {
      return; // only the #fragment moved
    }
    load(location.href, { push: false });
  });
})();
