// Progressive enhancement only: every page works without this file.
(function () {
  'use strict';

  function copyText(text, button) {
    var done = function () {
      var label = button.textContent;
      button.textContent = 'Copied';
      button.classList.add('is-copied');
      setTimeout(function () { button.textContent = label; button.classList.remove('is-copied'); }, 2000);
    };
    if (navigator.clipboard && window.isSecureContext) {
      // A browser may hold the promise while it asks for permission (headless Chromium never answers):
      // after a second the old way is used, so the button always says what happened.
      var settled = false;
      var finish = function (copied) {
        if (settled) { return; }
        settled = true;
        if (!copied) { fallback(text); }
        done();
      };
      navigator.clipboard.writeText(text).then(function () { finish(true); }, function () { finish(false); });
      setTimeout(function () { finish(false); }, 1000);
    } else {
      fallback(text);
      done();
    }
  }

  function fallback(text) {
    var area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.className = 'visually-hidden';
    document.body.appendChild(area);
    area.select();
    try { document.execCommand('copy'); } catch (e) { /* the text stays selectable on the page */ }
    document.body.removeChild(area);
  }

  document.addEventListener('click', function (event) {
    var button = event.target.closest('[data-copy]');
    if (!button) { return; }
    var source = document.getElementById(button.getAttribute('data-copy'));
    if (!source) { return; }
    copyText(source.value !== undefined && source.tagName === 'INPUT' ? source.value : source.textContent.trim(), button);
  });

  document.addEventListener('focusin', function (event) {
    if (event.target.matches && event.target.matches('[data-select-on-focus]')) { event.target.select(); }
  });

  // The menu on narrow screens: a real button (Enter and Space work) that shows the navigation and the
  // account; Escape closes it and gives the focus back to the button. Wide screens never show the button.
  var toggle = document.querySelector('.nav-toggle');
  if (toggle) {
    var setOpen = function (open) { toggle.setAttribute('aria-expanded', open ? 'true' : 'false'); };
    setOpen(false);
    toggle.hidden = false;
    toggle.addEventListener('click', function () { setOpen(toggle.getAttribute('aria-expanded') !== 'true'); });
    document.addEventListener('keydown', function (event) {
      if (event.key === 'Escape' && toggle.getAttribute('aria-expanded') === 'true' && toggle.offsetParent !== null) {
        setOpen(false);
        toggle.focus();
      }
    });
  }

  // A box that scrolls sideways (a wide table, a long code sample) takes the keyboard focus while it
  // overflows, so arrow keys scroll it (WCAG 2.1.1); named after its table's caption.
  var scrollers = document.querySelectorAll('.table-wrap, .table-scroll, pre');
  var markScrollers = function () {
    Array.prototype.forEach.call(scrollers, function (box) {
      var overflows = box.scrollWidth > box.clientWidth + 1;
      if (overflows && !box.hasAttribute('tabindex')) {
        box.setAttribute('tabindex', '0');
        box.setAttribute('data-scroll-focus', '');
        var caption = box.querySelector('caption');
        if (box.tagName !== 'PRE' && !box.hasAttribute('aria-label') && !box.hasAttribute('aria-labelledby')) {
          box.setAttribute('data-scroll-focus', 'named');
          box.setAttribute('role', 'region');
          box.setAttribute('aria-label', caption ? caption.textContent.trim() : 'Table');
        }
      } else if (!overflows && box.hasAttribute('data-scroll-focus')) {
        if (box.getAttribute('data-scroll-focus') === 'named') {
          box.removeAttribute('role');
          box.removeAttribute('aria-label');
        }
        box.removeAttribute('tabindex');
        box.removeAttribute('data-scroll-focus');
      }
    });
  };
  markScrollers();
  window.addEventListener('resize', markScrollers);
}());
