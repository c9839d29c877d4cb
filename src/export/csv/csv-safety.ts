/**
 * CSV injection (OWASP "CSV Injection"): a cell that begins with `=`, `+`, `-`, `@`, tab or carriage return is run as
 * a formula by spreadsheet software. Such cells are written with a single quote in front (and, as every field we
 * write, quoted), except plain numbers (`-2`, `+0.5`, `-1.2e-3`), which a dataset needs as numbers and which no
 * spreadsheet runs. Used as Papa Parse's `escapeFormulae` for every CSV the app and the CLI write.
 */
export const FORMULA_CELL = /^(?![-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$)[=+\-@\t\r]/;

