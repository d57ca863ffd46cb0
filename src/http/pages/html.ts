/**
 * The pages' HTML, as template functions. Every interpolated value is escaped
 * unless it is already {@link SafeHtml} made by `html` itself; the pages hold no
 * inline script, style or event attribute (the CSP forbids them).
 */

/** Markup produced by {@link html}: safe to interpolate again without escaping. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value
  }
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Escapes text for an HTML text node or a quoted attribute value. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => ESCAPES[ch]!)
}

type Value = SafeHtml | string | number | null | undefined | false | readonly Value[]

function render(value: Value): string {
  if (value === null || value === undefined || value === false) return ''
  if (value instanceof SafeHtml) return value.value
  if (Array.isArray(value)) return value.map(render).join('')
  return escapeHtml(String(value))
}

/**
 * Tagged template that escapes every interpolation.
 *
 * @example
 * html`<option value="${d.id}">${d.name}</option>` // d.name "<b>" → "&lt;b&gt;"
 */
export function html(strings: TemplateStringsArray, ...values: Value[]): SafeHtml {
  let out = strings[0] ?? ''
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '')
  })
  return new SafeHtml(out)
}

export type PageOptions = {
  title: string
  bodyClass: string
  stylesheet: string
  scripts: readonly string[]
  body: SafeHtml
  description?: string
}

/** The document around a page: language, viewport, one stylesheet, deferred scripts. */
export function layout(options: PageOptions): string {
  return `<!doctype html>${html`
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="theme-color" content="#0b57a4">
<meta name="referrer" content="no-referrer">
${options.description ? html`<meta name="description" content="${options.description}">` : ''}
<title>${options.title}</title>
<link rel="stylesheet" href="${options.stylesheet}">
${options.scripts.map((src) => html`<script src="${src}" defer></script>`)}
</head>
<body class="${options.bodyClass}">
${options.body}
</body>
</html>
`.value}`
}

const CITIZEN_HEADER = (active: 'chat' | 'status') => html`
<header class="topbar">
  <div class="topbar-inner">
    <span class="badge" aria-hidden="true">12365</span>
    <div class="topbar-title">
      <p class="topbar-name">定安县质监局 12365 投诉咨询</p>
      <p class="topbar-sub">告诉您该找哪个部门，并帮您登记</p>
    </div>
    <nav class="topnav" aria-label="页面">
      ${active === 'chat' ? html`<a href="/status">查进度</a>` : html`<a href="/">去咨询</a>`}
    </nav>
  </div>
</header>`

/** `/`: the citizen chat. The greeting is in the HTML so it shows before the script loads. */
export function chatPage(assets: { css: string; js: string }): string {
  return layout({
    title: '定安县质监局 12365 投诉咨询',
    description: '产品质量、缺斤短两、电梯锅炉气瓶、假冒伪劣等问题的投诉咨询，告诉您由哪个部门处理。',
    bodyClass: 'citizen chat-page',
    stylesheet: assets.css,
    scripts: [assets.js],
    body: html`
${CITIZEN_HEADER('chat')}
<main class="chat" id="main">
  <h1 class="visually-hidden">投诉咨询对话</h1>
  <ol class="log" id="log" role="log" aria-live="polite" aria-label="对话">
    <li class="msg msg-bot" data-testid="chat-message">
      <div class="bubble greeting">
        <p>您好！这里是定安县质量技术监督局 12365 投诉咨询。</p>
        <p>请直接说说您遇到了什么问题，我会告诉您<b>该由哪个部门处理</b>，并帮您登记。比如：</p>
        <ul>
          <li>产品质量：买的东西质量差、用几天就坏</li>
          <li>计量：缺斤短两、秤不准、加油机不准</li>
          <li>电梯、锅炉、气瓶等特种设备的安全问题</li>
          <li>假冒伪劣：假货、没有厂名厂址的产品</li>
        </ul>
        <p class="urgent">遇到着火、有人被困或受伤，请先拨打 <a href="tel:119">119</a> / <a href="tel:110">110</a> / <a href="tel:120">120</a>。</p>
      </div>
    </li>
  </ol>
</main>
<form class="composer" id="composer" autocomplete="off">
  <label class="visually-hidden" for="chat-input">输入您的问题</label>
  <textarea id="chat-input" data-testid="chat-input" name="text" rows="1" maxlength="2000" enterkeyhint="send" placeholder="请输入您遇到的问题…"></textarea>
  <button type="submit" id="chat-send" data-testid="chat-send" class="send">发送</button>
</form>
<noscript><p class="notice">这个页面需要开启 JavaScript。也可以直接拨打 12365 或定安质监局电话 63823756。</p></noscript>`,
  })
}

/** `/status`: ticket number + access code → status. */
export function statusPage(assets: { css: string; js: string }): string {
  return layout({
    title: '查询办理进度 · 定安县质监局 12365',
    bodyClass: 'citizen status-page',
    stylesheet: assets.css,
    scripts: [assets.js],
    body: html`
${CITIZEN_HEADER('status')}
<main class="page" id="main">
  <h1 class="page-title">查询办理进度</h1>
  <p class="muted">请输入登记时给您的登记编号和查询码。</p>
  <form id="status-form" class="stack" autocomplete="off">
    <label for="status-number">登记编号</label>
    <input id="status-number" name="number" inputmode="numeric" placeholder="例如 20261126-0007" required maxlength="40" data-testid="status-number">
    <label for="status-code">查询码</label>
    <input id="status-code" name="code" placeholder="登记时给您的查询码" required maxlength="40" autocapitalize="characters" data-testid="status-code">
    <button type="submit" id="status-submit" class="btn btn-primary" data-testid="status-submit">查询</button>
  </form>
  <div id="status-result" aria-live="polite"></div>
</main>`,
  })
}

export type DepartmentOption = { id: string; name: string }
/** Matters a ticket can carry, by the knowledge table they come from. */
export type MatterGroup = { label: string; items: readonly { id: string; name: string }[] }

function matterOptions(groups: readonly MatterGroup[]): SafeHtml {
  return html`${groups.map(
    (g) => html`<optgroup label="${g.label}">${g.items.map((m) => html`<option value="${m.id}">${m.name}</option>`)}</optgroup>`,
  )}`
}

/** `/console`: the operator console shell; the views are filled by console.js. */
export function consolePage(
  assets: { css: string; js: string },
  data: { departments: readonly DepartmentOption[]; matters: readonly MatterGroup[] },
): string {
  const deptOptions = data.departments.map((d) => html`<option value="${d.id}">${d.name}</option>`)
  return layout({
    title: '话务台 · 定安县质监局 12365',
    bodyClass: 'console',
    stylesheet: assets.css,
    scripts: [assets.js],
    body: html`
${consoleHeader('console')}
<main class="console-main" id="main">
  <section id="login-view" class="login" hidden>
    <form id="login-form" class="login-box" autocomplete="off">
      <h1>话务员登录</h1>
      <label for="token">访问令牌</label>
      <input type="password" id="token" name="token" autocomplete="current-password" required data-testid="console-token">
      <p id="login-message" class="error" role="alert"></p>
      <button type="submit" class="btn btn-primary">登录</button>
      <p class="muted">令牌只保存在本标签页，关闭即失效。</p>
    </form>
  </section>

  <section id="intake-view" class="intake" hidden>
    <div class="col">
      <form id="suggest-form" class="card">
        <label for="console-input" class="label-strong">来电人反映的问题</label>
        <textarea id="console-input" data-testid="console-input" rows="5" maxlength="10000" placeholder="输入或粘贴来电人的原话，Ctrl+Enter 获取建议"></textarea>
        <div class="row">
          <button type="submit" id="console-suggest" data-testid="console-suggest" class="btn btn-primary">获取建议 <kbd>Ctrl+Enter</kbd></button>
          <button type="reset" class="btn">清空</button>
        </div>
      </form>
      <div id="suggestion" class="suggestion" aria-live="polite"></div>
    </div>
    <aside id="evidence" class="col evidence card" aria-label="依据">
      <p class="muted">获取建议后，这里显示依据：边界登记表、法律依据和案例。</p>
    </aside>
  </section>

  <section id="tickets-view" hidden>
    <form id="filters" class="filters row">
      <label>状态 <select name="status"><option value="">全部</option><option value="open">待处理</option><option value="transferred">已转办</option><option value="closed">已办结</option></select></label>
      <label>部门 <select name="department"><option value="">全部</option>${deptOptions}</select></label>
      <label>渠道 <select name="channel"><option value="">全部</option><option value="hotline">热线</option><option value="web">网上</option></select></label>
      <label>事项 <select name="matter" class="matter-select"><option value="">全部</option>${matterOptions(data.matters)}</select></label>
      <label>从 <input type="date" name="from"></label>
      <label>到 <input type="date" name="to"></label>
      <label class="grow">搜索 <input type="search" name="q" placeholder="编号、内容、来电人" data-testid="ticket-search"></label>
      <button type="submit" class="btn btn-primary">筛选</button>
      <button type="reset" class="btn">重置</button>
    </form>
    <div id="ticket-list"></div>
    <div id="pager" class="pager"></div>
  </section>

  <section id="ticket-view" class="ticket-view" hidden></section>
  <template id="department-options">${deptOptions}</template>
</main>`,
  })
}

function consoleHeader(active: 'console' | 'stats'): SafeHtml {
  return html`
<header class="cbar">
  <p class="cbar-title"><span class="badge">12365</span> 定安县质监局 · 话务台</p>
  <nav id="nav" class="cnav" aria-label="话务台" ${active === 'console' ? html`hidden` : ''}>
    <a href="/console#/intake" data-view="intake">受理</a>
    <a href="/console#/tickets" data-view="tickets">工单</a>
    <a href="/console/stats" data-view="stats" ${active === 'stats' ? html`aria-current="page"` : ''}>统计</a>
    ${active === 'console' ? html`<button type="button" id="logout" class="btn btn-small">退出</button>` : ''}
  </nav>
</header>`
}

/** `/console/stats`: the dashboard; ECharts loads first, then stats.js draws. */
export function statsPage(
  assets: { css: string; js: string; echarts: string },
  data: { matters: readonly MatterGroup[] },
): string {
  const panel = (id: string, title: string, tall = false) =>
    html`<section class="card chart-card"><h2>${title}</h2><div id="${id}" class="chart${tall ? ' chart-tall' : ''}" role="img" aria-label="${title}"></div></section>`
  return layout({
    title: '统计 · 定安县质监局 12365',
    bodyClass: 'console stats-page',
    stylesheet: assets.css,
    scripts: [assets.echarts, assets.js],
    body: html`
${consoleHeader('stats')}
<main class="console-main" id="main">
  <h1 class="page-title">工单统计 <small>共 <span id="stats-total" data-testid="stats-total">—</span> 件</small></h1>
  <div id="stats-status" class="muted">正在加载…</div>
  <div class="charts">
    ${panel('chart-department', '各部门工单数', true)}
    ${panel('chart-matter', '各事项工单数', true)}
    ${panel('chart-day', '每日工单数')}
    ${panel('chart-channel', '来源渠道')}
    ${panel('chart-override', '各部门人工改派率（按系统建议的部门）', true)}
  </div>
  <template id="matter-names">${matterOptions(data.matters)}</template>
</main>`,
  })
}
