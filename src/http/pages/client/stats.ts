/**
 * The dashboard (`/console/stats`): `GET /api/stats` drawn with the ECharts
 * build the service serves itself (`/assets/vendor/echarts.min.js`, loaded before this file).
 */
import { describeError } from './api.ts'
import { byId, h, replace } from './dom.ts'
import { LoggedOutError, UNAUTHORIZED_MESSAGE, getToken, leaveLoginNotice, operatorApi } from './operator.ts'
import type { TicketStats } from '../../../tickets/get-stats.ts'
import { CHANNEL_LABELS } from './types.ts'

type ECharts = { setOption(option: unknown): void; resize(): void }
declare const echarts: { init(el: HTMLElement, theme?: string | null, opts?: { renderer?: string }): ECharts }

type Pair = { name: string; value: number }
type Ref = { id: string; name: string } | null
/** `GET /api/stats`: the ticket counts, with department refs added by the API. */
type Stats = Omit<TicketStats, 'byDepartment' | 'overrideRate'> & {
  byDepartment: (TicketStats['byDepartment'][number] & { department: Ref })[]
  overrideRate: (TicketStats['overrideRate'][number] & { department: Ref })[]
}

const BLUE = '#0b57a4'

// Matter ids → names, from the <template> the server renders out of knowledge/.
const matterNames = new Map(
  Array.from(byId<HTMLTemplateElement>('matter-names').content.querySelectorAll('option')).map((o) => [o.value, o.textContent ?? o.value]),
)

const charts: ECharts[] = []

function chart(id: string, option: Record<string, unknown>): void {
  const el = byId(id)
  const instance = echarts.init(el, null, { renderer: 'canvas' })
  // richText tooltips draw on the canvas: no HTML strings, no inline styles (CSP).
  instance.setOption({ textStyle: { fontFamily: 'inherit' }, tooltip: { renderMode: 'richText', trigger: 'axis' }, grid: { left: 8, right: 24, top: 16, bottom: 8, containLabel: true }, ...option })
  charts.push(instance)
}

function horizontalBars(id: string, data: Pair[], color = BLUE): void {
  const sorted = [...data].sort((a, b) => a.value - b.value)
  chart(id, {
    tooltip: { renderMode: 'richText', trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: sorted.map((d) => d.name) },
    series: [{ type: 'bar', data: sorted.map((d) => d.value), barMaxWidth: 28, itemStyle: { color }, label: { show: true, position: 'right' } }],
  })
}

function render(stats: Stats): void {
  const byDepartment: Pair[] = stats.byDepartment.map((r) => ({ name: r.department?.name ?? '未分派（转12345）', value: r.count }))
  const byMatter: Pair[] = stats.byMatter.map((r) => ({ name: r.key ? (matterNames.get(r.key) ?? r.key) : '未定事项', value: r.count }))
  const byChannel: Pair[] = stats.byChannel.map((r) => ({ name: CHANNEL_LABELS[r.key ?? ''] ?? r.key ?? '—', value: r.count }))
  const byDay: Pair[] = stats.byDay.map((r) => ({ name: r.key ?? '—', value: r.count }))
  const overrides = stats.overrideRate.map((r) => ({ name: r.department?.name ?? r.departmentId, rate: r.rate, overridden: r.overridden, total: r.tickets }))
  const total = stats.total

  byId('stats-total').textContent = String(total)
  horizontalBars('chart-department', byDepartment)
  horizontalBars('chart-matter', byMatter, '#2f7d5b')
  chart('chart-day', {
    xAxis: { type: 'category', data: byDay.map((d) => d.name) },
    yAxis: { type: 'value', minInterval: 1 },
    tooltip: { renderMode: 'richText', trigger: 'axis', axisPointer: { type: 'shadow' } },
    series: [{ type: 'bar', data: byDay.map((d) => d.value), barMaxWidth: 36, itemStyle: { color: BLUE }, label: { show: byDay.length <= 31, position: 'top' } }],
  })
  chart('chart-channel', {
    tooltip: { renderMode: 'richText', trigger: 'item' },
    series: [{ type: 'pie', radius: ['40%', '70%'], data: byChannel, label: { formatter: '{b}\n{c}' } }],
  })
  const sortedRates = [...overrides].sort((a, b) => a.rate - b.rate)
  chart('chart-override', {
    grid: { left: 8, right: 96, top: 16, bottom: 8, containLabel: true },
    tooltip: { renderMode: 'richText', trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: { type: 'category', data: sortedRates.map((r) => r.name) },
    series: [
      {
        type: 'bar',
        data: sortedRates.map((r) => Math.round(r.rate * 1000) / 10),
        barMaxWidth: 28,
        itemStyle: { color: '#c0392b' },
        label: {
          show: true,
          position: 'right',
          formatter: (p: { value: number; dataIndex: number }) => {
            const r = sortedRates[p.dataIndex]
            return r ? `${p.value}%（${r.overridden}/${r.total}）` : `${p.value}%`
          },
        },
      },
    ],
  })
}

async function main(): Promise<void> {
  const status = byId('stats-status')
  if (!getToken()) {
    location.href = '/console'
    return
  }
  try {
    const stats = await operatorApi<Stats>('/api/stats')
    status.hidden = true
    render(stats)
  } catch (error) {
    if (error instanceof LoggedOutError) {
      leaveLoginNotice(UNAUTHORIZED_MESSAGE)
      location.href = '/console'
      return
    }
    replace(status, h('p', { class: 'error', role: 'alert' }, describeError(error, { detail: true })))
  }
}

let resizeTimer = 0
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer)
  resizeTimer = window.setTimeout(() => charts.forEach((c) => c.resize()), 150)
})
void main()
