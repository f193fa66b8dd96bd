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
}());
