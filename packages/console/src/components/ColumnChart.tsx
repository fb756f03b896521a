import { useId } from 'react';

export interface Column {
  readonly label: string;
  /** null: nothing to show for this column (drawn as a gap, listed as —). */
  readonly value: number | null;
}

const WIDTH = 640;
const HEIGHT = 180;
const AXIS = 22;

/**
 * A column chart drawn as SVG in the page (no chart library: the CSP allows nothing else, and a
 * handful of rectangles needs none). Screen readers get the same numbers as a table beneath it.
 */
export function ColumnChart(props: {
  readonly title: string;
  readonly columns: readonly Column[];
  readonly format: (value: number) => string;
  /** Top of the scale (default: the largest value). */
  readonly max?: number;
  readonly testId?: string;
  readonly tableLabel: string;
}) {
  const id = useId();
  const values = props.columns.map((c) => c.value ?? 0);
  const max = props.max ?? Math.max(1, ...values);
  const slot = WIDTH / Math.max(1, props.columns.length);
  const barWidth = Math.max(2, slot * 0.7);
  // Label every column when they fit, else about eight of them.
  const labelEvery = Math.max(1, Math.ceil(props.columns.length / 8));
  return (
    <figure className="chart" data-testid={props.testId}>
      <figcaption id={id}>{props.title}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT + AXIS}`} role="img" aria-labelledby={id}>
        <line x1={0} x2={WIDTH} y1={HEIGHT} y2={HEIGHT} className="axis" />
        {props.columns.map((column, i) => {
          const x = i * slot + (slot - barWidth) / 2;
          const h = column.value === null ? 0 : (column.value / max) * (HEIGHT - 16);
          return (
            <g key={`${column.label}-${i}`}>
              {column.value !== null && (
                <rect x={x} y={HEIGHT - h} width={barWidth} height={h} className="column">
                  <title>{`${column.label}: ${props.format(column.value)}`}</title>
                </rect>
              )}
              {i % labelEvery === 0 && (
                <text
                  x={i === 0 ? x : x + barWidth / 2}
                  y={HEIGHT + 16}
                  textAnchor={i === 0 ? 'start' : 'middle'}
                >
                  {column.label}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <details>
        <summary>{props.tableLabel}</summary>
        <table>
          <tbody>
            {props.columns.map((column, i) => (
              <tr key={`${column.label}-${i}`}>
                <th scope="row">{column.label}</th>
                <td>{column.value === null ? '—' : props.format(column.value)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
