/**
 * The years the service keeps records, calendars and reports for. A date outside them is a typing
 * error (1900, 9999), refused where it is entered; past 9999 there is not even an ISO-8601 form.
 */
export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2100;

/** Midnight, Beijing time, opening FIRST_YEAR and closing LAST_YEAR. */
export const SERVICE_START = new Date(`${FIRST_YEAR}-01-01T00:00:00+08:00`);
export const SERVICE_END = new Date(`${LAST_YEAR + 1}-01-01T00:00:00+08:00`);

export const YEARS_TEXT = `the years ${FIRST_YEAR} to ${LAST_YEAR}`;
