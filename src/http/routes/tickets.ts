import { Hono } from 'hono'
import { renderReply } from '../../dialogue/next-turn.ts'
import { AppError } from '../../errors.ts'
import { toContractLine } from '../../routing/contract.ts'
import { changeTicket, exportTickets, fileTicket, getTicket, listTickets, TicketNumber } from '../../tickets/index.ts'
import type { AppDeps } from '../deps.ts'
import { contextOf, type AppEnv } from '../env.ts'
import { operatorAuth } from '../middleware/auth.ts'
import { CreateTicketBody, IdempotencyKey, TicketEventBody, TicketFiltersQuery, TicketListQuery } from '../schemas.ts'
import { eventView, ticketView } from '../views.ts'
import { parseWith, readJson, readQuery } from '../validate.ts'

function numberOf(value: string): string {
  const parsed = TicketNumber.safeParse(value)
  if (!parsed.success) throw new AppError('not_found', `no ticket numbered ${value.slice(0, 40)}`)
  return parsed.data
}

/**
 * The ticket log for operators, mounted at `/api/tickets`: create (with an
 * `Idempotency-Key`), list with filters, read one with its timeline, and
 * record a reroute, transfer or close.
 */
export function createTicketsApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  const knowledge = deps.knowledge
  app.use('*', operatorAuth(deps.config.operatorTokens))

  app.post('/', async (c) => {
    const idempotencyKey = parseWith(IdempotencyKey, c.req.header('idempotency-key'), 'Idempotency-Key')
    const body = await readJson(c, CreateTicketBody)
    const { ticket, created, decision } = await fileTicket({
      ctx: { ...contextOf(deps, c), routingLogs: deps.routingLogs },
      input: { ...body, idempotencyKey, actor: c.get('actor') },
    })
    if (created) deps.metrics?.countRouting(decision.kind)
    return c.json(
      {
        ...ticketView(knowledge, ticket),
        decision: toContractLine(ticket.number, decision),
        script: renderReply(decision, deps.prompts, 'operator'),
      },
      created ? 201 : 200,
    )
  })

  app.get('/', async (c) => {
    const query = readQuery(c, TicketListQuery)
    const page = await listTickets({ ctx: contextOf(deps, c), input: query })
    c.header('Cache-Control', 'no-store')
    return c.json({ ...page, items: page.items.map((ticket) => ticketView(knowledge, ticket, { masked: true })) })
  })

  app.get('/:number', async (c) => {
    const ticket = await getTicket({ ctx: contextOf(deps, c), input: { number: numberOf(c.req.param('number')) } })
    if (ticket === null) throw new AppError('not_found', `no ticket numbered ${c.req.param('number')}`)
    c.header('Cache-Control', 'no-store')
    return c.json({
      ...ticketView(knowledge, ticket),
      decision: ticket.decision,
      events: ticket.events.map((event) => eventView(knowledge, event)),
    })
  })

  app.post('/:number/events', async (c) => {
    const number = numberOf(c.req.param('number'))
    const body = await readJson(c, TicketEventBody)
    const { ticket, event } = await changeTicket({ ctx: contextOf(deps, c), input: { ...body, number, actor: c.get('actor') } })
    return c.json({ ticket: ticketView(knowledge, ticket), event: eventView(knowledge, event) }, 201)
  })

  return app
}

/** `GET /api/tickets.csv` (operator): the filtered tickets as CSV for Excel and WPS. */
export function createExportApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  app.get('/tickets.csv', operatorAuth(deps.config.operatorTokens), async (c) => {
    const query = readQuery(c, TicketFiltersQuery)
    const { csv, truncated } = await exportTickets({ ctx: contextOf(deps, c), input: query })
    const day = deps.now().toISOString().slice(0, 10)
    c.header('Content-Type', 'text/csv; charset=utf-8')
    c.header('Content-Disposition', `attachment; filename="tickets-${day}.csv"`)
    c.header('Cache-Control', 'no-store')
    if (truncated) c.header('X-Export-Truncated', 'true')
    return c.body(csv)
  })
  return app
}
