/** The calendar day in the tablet's time zone, as YYYY-MM-DD: visits are days as the clinic lives them. */
export function localDay(iso: string): string {
  const d = new Date(iso);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
