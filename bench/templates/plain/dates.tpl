// @uses:
// Date helpers for schedules shown in the UI.
const MS_PER_DAY__S__ = 24 * 60 * 60 * 1000;

EXPORT function startOfWeek__S__(date«: Date», weekStartsOn = 1)«: Date» {
  const d = new Date(date.getTime());
  const day = d.getUTCDay();
  const diff = (day < weekStartsOn ? 7 : 0) + day - weekStartsOn;
  d.setUTCDate(d.getUTCDate() - diff);
  d.setUTCHours(0, 0, 0, 0);
  return d;
}

EXPORT function businessDaysBetween__S__(from«: Date», to«: Date»)«: number» {
  let count = 0;
  for (let t = from.getTime(); t < to.getTime(); t += MS_PER_DAY__S__) {
    const day = new Date(t).getUTCDay();
    if (day !== 0 && day !== 6) count++;
  }
  return count;
}

EXPORT function formatDuration__S__(ms«: number»)«: string» {
  if (ms < 1000) return `${ms} ms`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `${minutes} min ${seconds % 60} s` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
