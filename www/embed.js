/* Seeing ML math: one-line embeds for blog posts.
 *
 *   <div data-mlviz="#/gradient-descent?lr=0.05" data-height="640"></div>
 *   <script src="https://YOUR-HOST/PATH/embed.js" async></script>
 *
 * Every element with a data-mlviz attribute (a demo's hash, or a full address of this site)
 * becomes an iframe of that demo in embed mode. Any number of them work on one page:
 * - each reserves its height before it starts (data-height, in CSS pixels; 480 if absent),
 *   so the page does not jump when it loads;
 * - each starts only when it comes near the viewport (the demo runs nothing before that);
 * - each is resized to its content by the messages its own iframe sends (matched by
 *   event.source), and messages from any other origin are ignored.
 * Elements added later are picked up by calling window.mlvizEmbed.scan().
 */
(function () {
  'use strict';
  if (window.mlvizEmbed) {
    window.mlvizEmbed.scan();
    return;
  }
  var script = document.currentScript;
  var base = new URL('.', script ? script.src : location.href);
  var frames = [];

  function embedUrl(target) {
    var url = new URL(target, base);
    if (url.origin !== base.origin) return null;
    var hash = url.hash || '#/';
    hash += (hash.indexOf('?') >= 0 ? '&' : '?') + 'embed=1';
    url.hash = hash;
    return url.href;
  }

  function start(holder) {
    if (holder.getAttribute('data-mlviz-started')) return;
    var src = embedUrl(holder.getAttribute('data-mlviz'));
    if (!src) return;
    holder.setAttribute('data-mlviz-started', '1');
    var frame = document.createElement('iframe');
    frame.src = src;
    frame.title = holder.getAttribute('data-title') || 'Interactive demo';
    frame.setAttribute('data-mlviz-frame', '');
    frame.style.cssText = 'display:block;border:0;width:100%;height:' + reserved(holder) + 'px';
    holder.style.minHeight = '';
    holder.appendChild(frame);
    frames.push(frame);
  }

  function reserved(holder) {
    var height = parseFloat(holder.getAttribute('data-height'));
    return height > 0 ? Math.ceil(height) : 480;
  }

  var observer = 'IntersectionObserver' in window
    ? new IntersectionObserver(function (entries) {
        entries.forEach(function (entry) {
          if (entry.isIntersecting) {
            observer.unobserve(entry.target);
            start(entry.target);
          }
        });
      }, { rootMargin: '300px 0px' })
    : null;

  function scan() {
    var holders = document.querySelectorAll('[data-mlviz]:not([data-mlviz-seen])');
    for (var i = 0; i < holders.length; i++) {
      var holder = holders[i];
      holder.setAttribute('data-mlviz-seen', '1');
      // The space is taken now, before the demo starts.
      holder.style.minHeight = reserved(holder) + 'px';
      if (observer) observer.observe(holder);
      else start(holder);
    }
  }

  window.addEventListener('message', function (event) {
    if (event.origin !== base.origin) return;
    var data = event.data;
    if (!data || data.type !== 'mlviz:resize' || !(data.height > 0)) return;
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === event.source) {
        frames[i].style.height = Math.ceil(data.height) + 'px';
      }
    }
  });

  window.mlvizEmbed = { scan: scan };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', scan);
  else scan();
})();
