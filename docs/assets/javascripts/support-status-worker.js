/*
 * Is IT support open now, worked out off the page's main thread (help-centre.js). The
 * rules are support-status.js's; reading the time zone's rules through Intl is the
 * slowest step of a page load on a phone, and here it keeps no tap or key waiting.
 * Each message is {now: milliseconds, schedules: [...]}; the answer is one status (or
 * null where the platform cannot say) per schedule.
 */
import { supportStatus } from "./support-status.js";

self.addEventListener("message", function (event) {
  var now = new Date(event.data.now);
  self.postMessage(event.data.schedules.map(function (schedule) {
    try {
      return supportStatus(schedule, now);
    } catch (error) {
      return null;
    }
  }));
});
