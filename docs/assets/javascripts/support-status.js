/*
 * Is IT support open now? The same rules as helpcentre/schedule.py (one table of test cases
 * holds both to them): the wall clock in the support team's time zone, read through Intl,
 * so summer and winter time come from the platform and the reader's own time zone does not
 * matter. Used by the help centre's pages and by the portal's help panel.
 *
 * schedule: {days: [0 = Monday … 6], opens: "09:00", closes: "16:00",
 *            timezone: "Europe/Copenhagen", closed: ["2026-12-24", …]}
 */
const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December"];
const LOOK_AHEAD_DAYS = 366;

/* Making a formatter loads the time zone's rules: the slowest step here, so done once. */
const clocks = new Map();

function wallClock(now, timeZone) {
  var parts = {};
  if (!clocks.has(timeZone)) {
    clocks.set(timeZone, new Intl.DateTimeFormat("en-GB", {
      timeZone: timeZone, year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", hourCycle: "h23"
    }));
  }
  clocks.get(timeZone).formatToParts(now).forEach(function (part) { parts[part.type] = part.value; });
  return { year: +parts.year, month: +parts.month, day: +parts.day, clock: parts.hour + ":" + parts.minute };
}

export function supportStatus(schedule, now) {
  var local = wallClock(now, schedule.timezone);
  function dayAfter(offset) {  /* a calendar day, counted without any time zone */
    var date = new Date(Date.UTC(local.year, local.month - 1, local.day + offset));
    return { iso: date.toISOString().slice(0, 10), weekday: (date.getUTCDay() + 6) % 7,
             day: date.getUTCDate(), month: date.getUTCMonth() };
  }
  function opensOn(day) {
    return schedule.days.indexOf(day.weekday) >= 0 && schedule.closed.indexOf(day.iso) < 0;
  }
  if (opensOn(dayAfter(0)) && schedule.opens <= local.clock && local.clock < schedule.closes) {
    return { open: true, text: "Open now \u2014 until " + schedule.closes };
  }
  for (var offset = 0; offset < LOOK_AHEAD_DAYS; offset++) {
    if (offset === 0 && local.clock >= schedule.opens) continue;  /* today's opening has passed */
    var day = dayAfter(offset);
    if (!opensOn(day)) continue;
    var when = offset === 0 ? "today" : offset === 1 ? "tomorrow" : offset < 7 ? WEEKDAYS[day.weekday]
      : WEEKDAYS[day.weekday] + " " + day.day + " " + MONTHS[day.month];
    return { open: false, text: "Closed \u2014 opens " + when + " at " + schedule.opens };
  }
  return { open: false, text: "Closed" };
}
