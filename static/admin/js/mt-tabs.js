/* A minimal stand-in for jQuery UI tabs, which django-modeltranslation would load from a CDN.
 * It supports what tabbed_translation_fields.js calls: $(el).tabs({active: n}) and
 * $(el).tabs("option", "active", n), with keyboard-usable links (WAI-ARIA tab pattern). */
(function ($) {
  "use strict";
  function activate($root, index) {
    var $items = $root.children("ul").children("li");
    $items.each(function (i) {
      var $li = $(this), $a = $li.children("a"), id = ($a.attr("href") || "").replace(/^#/, "");
      var on = i === index;
      $li.toggleClass("ui-tabs-active ui-state-active", on);
      $a.attr({ "aria-selected": on ? "true" : "false", tabindex: on ? "0" : "-1" });
      $(document.getElementById(id)).prop("hidden", !on);
    });
    $root.data("mtActive", index);
  }
  $.fn.tabs = function (options, name, value) {
    if (options === "option") {
      if (name === "active" && value !== undefined) {
        return this.each(function () { activate($(this), value); });
      }
      return this.first().data("mtActive");
    }
    return this.each(function () {
      var $root = $(this).addClass("ui-tabs");
      var $list = $root.children("ul").addClass("ui-tabs-nav").attr("role", "tablist");
      $list.children("li").each(function (i) {
        var $a = $(this).attr("role", "presentation").children("a");
        var id = ($a.attr("href") || "").replace(/^#/, "");
        $a.attr({ role: "tab", "aria-controls": id });
        $(document.getElementById(id)).addClass("ui-tabs-panel").attr("role", "tabpanel");
        $a.on("click", function (e) { e.preventDefault(); activate($root, i); });
        $a.on("keydown", function (e) {
          var n = $list.children("li").length, step = { ArrowRight: 1, ArrowLeft: -1 }[e.key];
          if (!step) { return; }
          if ($root.closest("[dir=rtl]").length) { step = -step; }
          var next = (i + step + n) % n;
          activate($root, next);
          $list.children("li").eq(next).children("a").trigger("focus");
          e.preventDefault();
        });
      });
      activate($root, (options && options.active) || 0);
    });
  };
  // modeltranslation adds a language <select> above the form with no label; name it. It is
  // created in a ready handler, which jQuery 3 may run after window.load: watch for it.
  function labelSwitch() {
    var select = document.getElementById("modeltranslation-main-switch");
    if (!select) { return false; }
    var meta = document.querySelector('meta[name="tansiq-language-label"]');
    select.setAttribute("aria-label", meta ? meta.content : "Language");
    return true;
  }
  $(function () {
    if (labelSwitch()) { return; }
    var observer = new MutationObserver(function () {
      if (labelSwitch()) { observer.disconnect(); }
    });
    observer.observe(document.body, { childList: true, subtree: true });
  });
})(django.jQuery);
