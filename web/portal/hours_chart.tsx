import { frenchDate } from '../ui/french';
import { strings } from '../ui/strings';
import type { DaySpan } from './knowledge_format';
import { formatDay, formatMinutes, formatSpans } from './knowledge_format';

const t = strings.placesPage;

export interface DayHours {
  // ISO date, e.g. "2026-11-29".
  date: string;
  spans: DaySpan[];
  today: boolean;
}

// Geometry of the chart, in SVG user units: day labels on the left, then 24 hours.
const LABEL_WIDTH = 150;
const HOUR_WIDTH = 19;
const ROW_HEIGHT = 34;
const BAR_HEIGHT = 20;
const AXIS_HEIGHT = 28;
const WIDTH = LABEL_WIDTH + 24 * HOUR_WIDTH + 12;
const TICKS = [0, 6, 12, 18, 24];

// "sam. 28 nov." for the chart's narrow labels; the table gives the full date.
function shortDay(date: string): string {
  return frenchDate(date, 'abbreviated');
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

// The week's opening hours twice: as a table (day, hours), which is what assistive technologies and
// a narrow screen read, and as bars over 24 hours per day, which make the days easy to compare.
export function WeekHours({ days, placeName }: { days: DayHours[]; placeName: string }) {
  const height = AXIS_HEIGHT + days.length * ROW_HEIGHT + 4;
  const x = (minutes: number) => LABEL_WIDTH + (minutes / 60) * HOUR_WIDTH;
  return (
    <div class="week-hours">
      <table class="week-hours__table">
        <caption>{t.tableCaption}</caption>
        <thead>
          <tr>
            <th scope="col">{t.dayColumn}</th>
            <th scope="col">{t.hoursColumn}</th>
          </tr>
        </thead>
        <tbody>
          {days.map((day) => (
            <tr key={day.date} class={day.today ? 'week-hours__today' : undefined}>
              <th scope="row">{capitalised(formatDay(day.date))}</th>
              <td>{formatSpans(day.spans)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <figure class="week-hours__chart">
        <svg
          class="hours-chart"
          viewBox={`0 0 ${WIDTH} ${height}`}
          role="img"
          aria-label={t.chartLabel(placeName)}
          focusable="false"
        >
          {TICKS.map((hour) => (
            <g key={hour} class="hours-chart__tick">
              <line x1={x(hour * 60)} x2={x(hour * 60)} y1={AXIS_HEIGHT - 6} y2={height - 4} />
              <text x={x(hour * 60)} y={AXIS_HEIGHT - 10} text-anchor={hour === 24 ? 'end' : hour === 0 ? 'start' : 'middle'}>
                {formatMinutes(hour * 60)}
              </text>
            </g>
          ))}
          {days.map((day, row) => {
            const top = AXIS_HEIGHT + row * ROW_HEIGHT + (ROW_HEIGHT - BAR_HEIGHT) / 2;
            return (
              <g key={day.date} class={day.today ? 'hours-chart__day hours-chart__day--today' : 'hours-chart__day'}>
                <text x={0} y={top + BAR_HEIGHT - 5}>
                  {shortDay(day.date)}
                </text>
                <rect class="hours-chart__track" x={x(0)} y={top} width={24 * HOUR_WIDTH} height={BAR_HEIGHT} />
                {day.spans.map(([from, to]) => (
                  <rect key={from} class="hours-chart__bar" x={x(from)} y={top} width={x(to) - x(from)} height={BAR_HEIGHT} />
                ))}
              </g>
            );
          })}
        </svg>
        <figcaption>{t.chartCaption}</figcaption>
      </figure>
    </div>
  );
}
