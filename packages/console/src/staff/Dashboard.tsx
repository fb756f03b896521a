import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, bearer, ok, type Answer } from '../api.js';
import { ColumnChart } from '../components/ColumnChart.js';
import { useI18n } from '../i18n.js';
import type { MessageKey } from '../messages.js';

type Metrics = Answer<'/v1/metrics', 'get'>;
type Bucket = Metrics['removalHours'][number];
type MonitorStatus = Answer<'/v1/monitors', 'get'>['monitors'][number];

const day = (d: Date) => d.toISOString().slice(0, 10);
const n = (v: number | null) => (v === null ? '—' : String(v));

/** Saves text as a file the analyst downloads (made in the page: nothing else is fetched). */
function download(name: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

/** The task force's figures over a date range: aggregates only, as the API gives them. */
export function Dashboard({ token }: { token: string }) {
  const { t, language, dateTime } = useI18n();
  const [from, setFrom] = useState(day(new Date(Date.now() - 30 * 86_400_000)));
  const [to, setTo] = useState(day(new Date(Date.now() + 86_400_000)));
  const [metrics, setMetrics] = useState<Metrics | null>(null);
  const [monitors, setMonitors] = useState<MonitorStatus[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const percent = (v: number | null) =>
    v === null
      ? '—'
      : new Intl.NumberFormat(language === 'ko' ? 'ko-KR' : 'en-GB', { style: 'percent' }).format(
          v,
        );
  const count = (v: number) =>
    new Intl.NumberFormat(language === 'ko' ? 'ko-KR' : 'en-GB').format(v);
  const bucketLabel = (b: Bucket) =>
    b.toHours === null
      ? t('hoursOver', { from: b.fromHours })
      : t('hoursRange', { from: b.fromHours, to: b.toHours });
  const dayLabel = (iso: string) =>
    new Intl.DateTimeFormat(language === 'ko' ? 'ko-KR' : 'en-GB', {
      month: 'short',
      day: 'numeric',
      timeZone: 'UTC',
    }).format(new Date(`${iso}T00:00:00Z`));
  const range = `from=${from}T00:00:00Z&to=${to}T00:00:00Z`;
  // The figures follow the range shown, which changes when the form is sent (not on each keystroke).
  const [shown, setShown] = useState(range);

  const load = useCallback(
    async (query: string) => {
      try {
        setProblem(null);
        const range = new URLSearchParams(query);
        setMetrics(
          await ok(
            api.GET('/v1/metrics', {
              params: { query: { from: range.get('from') ?? '', to: range.get('to') ?? '' } },
              headers: bearer(token),
            }),
          ),
        );
        setMonitors((await ok(api.GET('/v1/monitors', { headers: bearer(token) }))).monitors);
      } catch (error) {
        setProblem(t('error', { message: (error as Error).message }));
      }
    },
    [token, t],
  );
  useEffect(() => {
    void load(shown);
  }, [load, shown]);

  async function exportDecisions() {
    const response = await fetch(`/v1/reports/transparency?${shown}&format=csv`, {
      headers: { authorization: `Bearer ${token}` },
    });
    download(`haechi-decisions-${from}-${to}.csv`, await response.text());
  }

  function exportCompliance() {
    if (!metrics) return;
    const rows = metrics.platforms.map((p) =>
      [
        p.platform,
        p.notices,
        p.removed,
        p.shareWithinDeadline ?? '',
        p.overdue,
        p.medianHoursToRemoval ?? '',
      ].join(','),
    );
    download(
      `haechi-compliance-${from}-${to}.csv`,
      [
        'platform,notices,removed,share_within_deadline,overdue,median_hours_to_removal',
        ...rows,
      ].join('\r\n') + '\r\n',
    );
  }

  return (
    <section className="dashboard">
      <h2>{t('dashboard')}</h2>
      <form
        onSubmit={(e: FormEvent) => {
          e.preventDefault();
          setShown(range);
        }}
      >
        <label>
          {t('from')} <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          {t('to')} <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <button type="submit">{t('show')}</button>
      </form>
      {problem && <p role="alert">{problem}</p>}
      {metrics && (
        <>
          <dl className="figures" data-testid="figures">
            <dt>{t('noticesTotal')}</dt>
            <dd>{metrics.notices.sent}</dd>
            <dt>{t('removedWithin')}</dt>
            <dd>{percent(metrics.notices.shareWithinDeadline)}</dd>
            <dt>{t('hoursToRemoval')}</dt>
            <dd>
              {n(metrics.notices.hoursToRemoval.p50)} / {n(metrics.notices.hoursToRemoval.p90)} /{' '}
              {n(metrics.notices.hoursToRemoval.p99)} / {n(metrics.notices.hoursToRemoval.max)}
            </dd>
            <dt>{t('overdueNow')}</dt>
            <dd>{metrics.notices.overdueNow}</dd>
            <dt>{t('disputed')}</dt>
            <dd>{metrics.notices.disputed}</dd>
          </dl>
          <ColumnChart
            title={t('chartRemovalHours')}
            tableLabel={t('chartTable')}
            testId="chart-removal-hours"
            columns={metrics.removalHours.map((b) => ({ label: bucketLabel(b), value: b.count }))}
            format={count}
          />
          <ColumnChart
            title={t('chartShareOverTime', {
              period: t(`period.${metrics.series.period}` as MessageKey),
            })}
            tableLabel={t('chartTable')}
            testId="chart-share-over-time"
            columns={metrics.series.points.map((p) => ({
              label: dayLabel(p.start),
              value: p.shareWithinDeadline,
            }))}
            max={1}
            format={(v) => percent(v)}
          />
          <ColumnChart
            title={t('chartNoticesOverTime', {
              period: t(`period.${metrics.series.period}` as MessageKey),
            })}
            tableLabel={t('chartTable')}
            testId="chart-notices-over-time"
            columns={metrics.series.points.map((p) => ({
              label: dayLabel(p.start),
              value: p.sent,
            }))}
            format={count}
          />
          <h3>{t('compliance')}</h3>
          <table className="queue" data-testid="compliance">
            <thead>
              <tr>
                <th scope="col">{t('platform')}</th>
                <th scope="col">{t('noticesTotal')}</th>
                <th scope="col">{t('share')}</th>
                <th scope="col">{t('overdueNow')}</th>
                <th scope="col">{t('median')}</th>
              </tr>
            </thead>
            <tbody>
              {metrics.platforms.map((p) => (
                <tr key={p.platform}>
                  <td>{p.platform}</td>
                  <td>{p.notices}</td>
                  <td>
                    <span
                      className="bar"
                      style={{ width: `${Math.round((p.shareWithinDeadline ?? 0) * 100)}%` }}
                      aria-hidden="true"
                    />
                    {percent(p.shareWithinDeadline)}
                  </td>
                  <td>{p.overdue}</td>
                  <td>{n(p.medianHoursToRemoval)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>{t('victimSupport')}</h3>
          <p>
            {t('casesOpened')}: {metrics.cases.opened} ({t('selfService')}{' '}
            {metrics.cases.selfService}, {t('viaCenter')} {metrics.cases.viaSupportCenter};{' '}
            {t('allRemoved')} {metrics.cases.allContentRemoved}; {t('withdrawnCount')}{' '}
            {metrics.cases.withdrawn})
          </p>
          <h3>{t('reviewTitle')}</h3>
          <p>
            {t('decisions', {
              remove: metrics.review.decided.remove,
              restore: metrics.review.decided.restore,
              appealed: metrics.review.appealed,
            })}
          </p>
          <ColumnChart
            title={t('chartReferrals')}
            tableLabel={t('chartTable')}
            testId="chart-referrals"
            columns={[
              ...(
                [
                  'held_screening',
                  'referred_screening',
                  'disputed_notice',
                  'overdue_notice',
                ] as const
              ).map((kind) => ({
                label: t(`kind.${kind}`),
                value: metrics.review.opened[kind] ?? 0,
              })),
              { label: t('decided.remove'), value: metrics.review.decided.remove },
              { label: t('decided.restore'), value: metrics.review.decided.restore },
            ]}
            format={count}
          />
          <ColumnChart
            title={t('chartBacklogAge')}
            tableLabel={t('chartTable')}
            testId="chart-backlog-age"
            columns={metrics.review.backlogAge.map((b) => ({
              label: bucketLabel(b),
              value: b.count,
            }))}
            format={count}
          />
          <p>
            {t('backlog', {
              count: metrics.review.backlog,
              overdue: metrics.review.backlogOverdue,
              hours: n(metrics.review.oldestBacklogHours),
            })}
          </p>
          <h3>{t('monitoringTitle')}</h3>
          {monitors.length === 0 ? (
            <p>{t('noMonitors')}</p>
          ) : (
            <table className="queue" data-testid="monitors">
              <thead>
                <tr>
                  <th scope="col">{t('monitorSource')}</th>
                  <th scope="col">{t('status')}</th>
                  <th scope="col">{t('itemsSeen')}</th>
                  <th scope="col">{t('detections')}</th>
                  <th scope="col">{t('hoursToDetection')}</th>
                  <th scope="col">{t('lastRun')}</th>
                </tr>
              </thead>
              <tbody>
                {monitors.map((m) => (
                  <tr key={m.id}>
                    <td>
                      {m.name} ({m.kind})
                    </td>
                    <td>{m.status === 'active' ? t('monitorActive') : t('monitorPaused')}</td>
                    <td>{count(m.totals.itemsSeen)}</td>
                    <td>{count(m.detections)}</td>
                    <td>{n(m.hoursFromPublicationToDetection.p50)}</td>
                    <td>{m.lastRunAt ? dateTime(m.lastRunAt) : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <button type="button" onClick={() => void exportDecisions()}>
            {t('exportCsv')}
          </button>
          <button type="button" className="secondary" onClick={exportCompliance}>
            {t('exportCompliance')}
          </button>
        </>
      )}
    </section>
  );
}
