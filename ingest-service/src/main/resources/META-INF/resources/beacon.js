/*
 * Floorwatch presence beacon. Embed on every page where visitors can reach customer service:
 *   <script async src="https://<ingest host>/beacon.js" data-tenant="<tenant>" data-key="<site key>"
 *           data-channel="web|landing|h5|..." data-tier="vip|high|normal"></script>
 * It reports "online" when the page shows and every 30 s while it stays visible, and "offline"
 * when it is hidden or left (navigator.sendBeacon: never blocks the page, survives unload).
 * A page that knows the visitor's tier later can set window.floorwatch = { tier: "vip" }.
 * Sends no cookies and no personal data: a random visitor id kept in localStorage, the path
 * (no query), and the UTM campaign the visit arrived with.
 */
(function () {
  'use strict';
  var HEARTBEAT_MS = 30000;
  try {
    var script = document.currentScript;
    if (!script || !navigator.sendBeacon || !window.JSON) {
      return;
    }
    var settings = script.dataset;
    if (!settings.tenant || !settings.key) {
      return;
    }
    var url = new URL(script.src).origin + '/v1/tenants/' + encodeURIComponent(settings.tenant) + '/beacon';
    var visitor = stored(window.localStorage, 'floorwatch.visitor', randomId);
    var source = stored(window.sessionStorage, 'floorwatch.source', campaign);
    var timer = null;

    var send = function (event) {
      try {
        var ping = { key: settings.key, visitor: visitor, event: event, channel: settings.channel || 'web',
          page: location.pathname.slice(0, 512) };
        if (source) {
          ping.source = source.slice(0, 128);
        }
        var tier = (window.floorwatch && window.floorwatch.tier) || settings.tier;
        if (tier) {
          ping.tier = tier;
        }
        // A string body goes as text/plain: no CORS preflight, so one request per ping.
        navigator.sendBeacon(url, JSON.stringify(ping));
      } catch (e) {
        // Presence is best effort; the host page must never see an error from us.
      }
    };
    var show = function () {
      send('online');
      if (timer === null) {
        timer = setInterval(function () { send('online'); }, HEARTBEAT_MS);
      }
    };
    var hide = function () {
      if (timer !== null) {
        clearInterval(timer);
        timer = null;
        send('offline');
      }
    };
    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'visible') {
        show();
      } else {
        hide();
      }
    });
    window.addEventListener('pagehide', hide);
    if (document.visibilityState !== 'hidden') {
      show();
    }
  } catch (e) {
    // See above: never break the host page.
  }

  function stored(storage, key, make) {
    try {
      var value = storage.getItem(key);
      if (value === null) {
        value = make();
        if (value) {
          storage.setItem(key, value);
        }
      }
      return value;
    } catch (e) {
      return make(); // storage blocked (private mode, sandbox): still count the visit
    }
  }

  function randomId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    var alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    var id = '';
    for (var i = 0; i < bytes.length; i++) {
      id += alphabet.charAt(bytes[i] & 63);
    }
    return id;
  }

  function campaign() {
    var params = new URLSearchParams(location.search);
    var parts = [params.get('utm_source'), params.get('utm_campaign')].filter(function (p) { return p; });
    return parts.length ? parts.join('/') : '';
  }
})();
