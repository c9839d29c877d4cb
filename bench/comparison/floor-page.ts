import type { ShownInstrument } from './shaps-items.ts';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The floor: one static HTML page with the first item and its options written into the markup, system font, CSS
 * inline, no script to fetch. A few inline lines swap in the next item on a tap, so "tap → next item" has a floor
 * too (the browser's own cost of a tap and a text change).
 */
export function toFloorHtml(shown: ShownInstrument): string {
  const first = shown.items[0];
  if (!first) throw new Error('no item to show');
  const rest = shown.items.slice(1).map((item) => ({ text: item.text, options: item.options.map((o) => o.label) }));
  const buttons = first.options.map((o) => `<button type="button" class="option">${escapeHtml(o.label)}</button>`).join('\n');
  // `<` escaped inside the inline JSON so no item text can close the script element.
  const data = JSON.stringify(rest).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>SHAPS item 1 (static floor)</title>
<meta name="description" content="The first SHAPS item as static HTML: the fastest a page can show it.">
<style>
body { font: 1.25rem/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 40rem; padding: 1rem; color: #1a1a1a; }
.option { display: block; width: 100%; min-height: 3.5rem; margin: 0.5rem 0; font: inherit; text-align: left; padding: 0 1rem;
  border: 2px solid #555; border-radius: 0.5rem; background: #fff; color: #1a1a1a; }
</style>
</head>
<body>
<main>
<p>${escapeHtml(shown.instructions)}</p>
<fieldset><legend id="item-text">${escapeHtml(first.text)}</legend>
${buttons}
</fieldset>
</main>
<script>
var rest = ${data}, at = 0;
document.querySelector('fieldset').addEventListener('click', function (e) {
  if (!e.target.closest('.option') || at >= rest.length) return;
  var next = rest[at++], buttons = document.querySelectorAll('.option');
  document.getElementById('item-text').textContent = next.text;
  next.options.forEach(function (label, i) { if (buttons[i]) buttons[i].textContent = label; });
});
</script>
</body>
</html>
`;
}
