import { CartesianGrid, LabelList, ReferenceLine, Scatter, ScatterChart, XAxis, YAxis } from 'recharts';
import type { Metric } from '../../domain/profile.ts';
import { OKABE_ITO } from './palette.ts';

export type ProfileChartPoint = { readonly x: number; readonly y: number; readonly label: string; readonly latest: boolean };

type Props = {
  readonly points: readonly ProfileChartPoint[];
  readonly xMetric: Metric;
  readonly yMetric: Metric;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly referenceLabel: string;
  readonly title: string;
};

const DOMAIN: Record<Metric, [number, number]> = { pomp: [0, 100], z: [-3, 4] };
const REFERENCE: Record<Metric, number> = { pomp: 50, z: 1 };

/** Anhedonia (x) against apathy (y), visits joined in time order; the latest visit is the large orange point. */
export function ProfileChart({ points, xMetric, yMetric, xLabel, yLabel, referenceLabel, title }: Props) {
  const latest = points.filter((p) => p.latest);
  return (
    <ScatterChart width={520} height={440} margin={{ top: 16, right: 24, bottom: 48, left: 24 }} title={title} accessibilityLayer>
      <CartesianGrid stroke="#d9dde2" />
      <XAxis
        type="number"
        dataKey="x"
        domain={DOMAIN[xMetric]}
        tick={{ fontSize: 14, fill: '#1a1a1a' }}
        label={{ value: xLabel, position: 'bottom', offset: 24, fontSize: 15, fill: '#1a1a1a' }}
      />
      <YAxis
        type="number"
        dataKey="y"
        domain={DOMAIN[yMetric]}
        tick={{ fontSize: 14, fill: '#1a1a1a' }}
        label={{ value: yLabel, angle: -90, position: 'insideLeft', offset: 0, fontSize: 15, fill: '#1a1a1a', style: { textAnchor: 'middle' } }}
      />
      <ReferenceLine x={REFERENCE[xMetric]} stroke="#4a4a4a" strokeDasharray="6 4" label={{ value: referenceLabel, position: 'insideTopRight', fontSize: 13, fill: '#4a4a4a' }} />
      <ReferenceLine y={REFERENCE[yMetric]} stroke="#4a4a4a" strokeDasharray="6 4" />
      <Scatter data={[...points]} fill={OKABE_ITO[0]} line={{ stroke: OKABE_ITO[0], strokeWidth: 2 }} isAnimationActive={false}>
        <LabelList dataKey="label" position="top" fontSize={14} fill="#1a1a1a" />
      </Scatter>
      <Scatter data={latest} fill={OKABE_ITO[4]} shape="diamond" legendType="diamond" isAnimationActive={false} />
    </ScatterChart>
  );
}
