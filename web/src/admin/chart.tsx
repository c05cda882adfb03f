/**
 * Chart.js (tree-shaken: only the bar and line charts the dashboard draws). Each chart is an image to
 * assistive technology, labelled, and the same figures are always in a table beside it.
 */
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip);

export function ChartView({ config, label }: { config: ChartConfiguration<'bar' | 'line'>; label: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const key = JSON.stringify(config.data);
  useEffect(() => {
    const chart = new Chart(canvas.current!, {
      ...config,
      options: { responsive: true, maintainAspectRatio: false, animation: false, ...config.options },
    });
    return () => chart.destroy();
    // Redrawn when the figures change: the config object is new on every render, its data is what matters.
  }, [key]);
  return (
    <div class="chart">
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}

/** Two colours that differ in lightness too, and dashed vs solid lines: not told apart by hue alone. */
export const SERIES = [
  { color: '#0b5cad', dash: [] as number[] },
  { color: '#b35c00', dash: [6, 4] },
];
