import { Bar, BarChart, CartesianGrid, LabelList, XAxis, YAxis } from 'recharts';
import { fitWidth, seriesColour } from './palette.ts';

export type DeficitBar = { readonly label: string; readonly value: number; readonly group: number };

/** Horizontal bars, 0–100 (POMP), each already aligned so that longer = more deficit. */
export function DeficitBars({ bars, axisLabel }: { readonly bars: readonly DeficitBar[]; readonly axisLabel: string }) {
  const data = bars.map((b) => ({ ...b, rounded: Math.round(b.value), fill: seriesColour(b.group) }));
  return (
    <BarChart layout="vertical" {...fitWidth(900, { height: Math.max(120, 44 * data.length + 60) })} data={data} margin={{ top: 8, right: 48, bottom: 36, left: 8 }} accessibilityLayer>
      <CartesianGrid stroke="#d9dde2" horizontal={false} />
      <XAxis type="number" domain={[0, 100]} tick={{ fontSize: 14, fill: '#1a1a1a' }} label={{ value: axisLabel, position: 'bottom', offset: 12, fontSize: 14, fill: '#1a1a1a' }} />
      <YAxis type="category" dataKey="label" width={250} tick={{ fontSize: 14, fill: '#1a1a1a' }} />
      <Bar dataKey="value" isAnimationActive={false}>
        <LabelList dataKey="rounded" position="right" fontSize={14} fill="#1a1a1a" />
      </Bar>
    </BarChart>
  );
}
