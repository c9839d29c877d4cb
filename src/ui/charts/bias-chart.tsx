import { CartesianGrid, LineChart, Line, ReferenceLine, XAxis, YAxis } from 'recharts';
import { fitWidth, seriesColour } from './palette.ts';

export type BiasPoint = { readonly block: number; readonly logB: number };

/**
 * Response bias (log b) block by block: whether answers drift towards the more often rewarded mouth as the task
 * goes on. Zero (no bias) is drawn as a reference line; the axis always spans at least −0.5 to 0.5.
 */
export function BiasChart({ points, xLabel, yLabel, zeroLabel }: { readonly points: readonly BiasPoint[]; readonly xLabel: string; readonly yLabel: string; readonly zeroLabel: string }) {
  const extent = Math.max(0.5, ...points.map((p) => Math.ceil(Math.abs(p.logB) * 4) / 4));
  return (
    <LineChart {...fitWidth(560, { aspectRatio: 560 / 300 })} data={points.map((p) => ({ ...p }))} margin={{ top: 8, right: 24, bottom: 28, left: 24 }} accessibilityLayer>
      <CartesianGrid stroke="#d9dde2" />
      <XAxis dataKey="block" type="number" domain={[1, Math.max(1, ...points.map((p) => p.block))]} allowDecimals={false} ticks={points.map((p) => p.block)} tick={{ fontSize: 14, fill: '#1a1a1a' }} label={{ value: xLabel, position: 'insideBottom', offset: -12, fontSize: 14, fill: '#1a1a1a' }} />
      <YAxis domain={[-extent, extent]} tick={{ fontSize: 14, fill: '#1a1a1a' }} label={{ value: yLabel, angle: -90, position: 'insideLeft', fontSize: 14, fill: '#1a1a1a', style: { textAnchor: 'middle' } }} />
      <ReferenceLine y={0} stroke="#5c6670" strokeDasharray="4 4" label={{ value: zeroLabel, position: 'insideTopRight', fontSize: 13, fill: '#3d4650' }} />
      <Line dataKey="logB" stroke={seriesColour(0)} strokeWidth={2} isAnimationActive={false} />
    </LineChart>
  );
}
