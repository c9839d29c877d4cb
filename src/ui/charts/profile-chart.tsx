import { CartesianGrid, LabelList, ReferenceLine, Scatter, ScatterChart, XAxis, YAxis } from 'recharts';
import type { Metric } from '../../domain/profile.ts';
import { fitWidth, OKABE_ITO } from './palette.ts';

export type ProfileChartPoint = { readonly x: number; readonly y: number; readonly label: string; readonly latest: boolean };

type Props = {
  readonly points: readonly ProfileChartPoint[];
  readonly xMetric: Metric;
  readonly yMetric: Metric;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly referenceLabel: string;
  readonly title: string;
  /** Small enough for the one-page report (its tick and axis labels still 9 pt on paper). */
  readonly compact?: boolean;
};

const DOMAIN: Record<Metric, [number, number]> = { pomp: [0, 100], z: [-3, 4] };
const REFERENCE: Record<Metric, number> = { pomp: 50, z: 1 };

/** Anhedonia (x) against apathy (y), visits joined in time order; the latest visit is the large orange point. */
export function ProfileChart({ points, xMetric, yMetric, xLabel, yLabel, referenceLabel, title, compact = false }: Props) {
  const latest = points.filter((p) => p.latest);
  const tick = compact ? 12 : 14;
  const label = compact ? 12 : 15;
  return (
    <ScatterChart
      {...(compact ? { width: 230, height: 200 } : fitWidth(640, { aspectRatio: 520 / 440 }))}
      margin={compact ? { top: 16, right: 12, bottom: 30, left: 6 } : { top: 16, right: 24, bottom: 48, left: 24 }}
      title={title}
      accessibilityLayer
    >
      <CartesianGrid stroke="#d9dde2" />
      <XAxis
        type="number"
        dataKey="x"
        domain={DOMAIN[xMetric]}
        tick={{ fontSize: tick, fill: '#1a1a1a' }}
        label={{ value: xLabel, position: 'bottom', offset: compact ? 14 : 24, fontSize: label, fill: '#1a1a1a' }}
      />
      <YAxis
        type="number"
        dataKey="y"
        domain={DOMAIN[yMetric]}
        tick={{ fontSize: tick, fill: '#1a1a1a' }}
        label={{ value: yLabel, angle: -90, position: 'insideLeft', offset: compact ? 12 : 0, fontSize: label, fill: '#1a1a1a', style: { textAnchor: 'middle' } }}
      />
      <ReferenceLine x={REFERENCE[xMetric]} stroke="#4a4a4a" strokeDasharray="6 4" label={{ value: referenceLabel, position: compact ? 'top' : 'insideTopRight', fontSize: compact ? 10 : 13, fill: '#4a4a4a' }} />
      <ReferenceLine y={REFERENCE[yMetric]} stroke="#4a4a4a" strokeDasharray="6 4" />
      <Scatter data={[...points]} fill={OKABE_ITO[0]} line={{ stroke: OKABE_ITO[0], strokeWidth: 2 }} isAnimationActive={false}>
        <LabelList dataKey="label" position="top" fontSize={tick} fill="#1a1a1a" />
      </Scatter>
      <Scatter data={latest} fill={OKABE_ITO[4]} shape="diamond" legendType="diamond" isAnimationActive={false} />
    </ScatterChart>
  );
}
