import { z } from 'zod'
import {
  ChatReply,
  ComplaintBody,
  CreateTicketBody,
  ErrorResponse,
  PublicTicketQuery,
  PublicTicketView,
  SessionCreated,
  TicketEventBody,
  TicketFiltersQuery,
  TicketList,
  TicketListQuery,
  TicketView,
} from './schemas.ts'

const json = (schema: z.ZodType) => ({ 'application/json': { schema: z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }) } })
const body = (schema: z.ZodType) => ({
  required: true,
  content: { 'application/json': { schema: z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) } },
})
const error = (description: string) => ({ description, content: json(ErrorResponse) })
const queryParams = (schema: z.ZodObject) => {
  const shape = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, unknown>; required?: string[] }
  return Object.entries(shape.properties ?? {}).map(([name, s]) => ({
    name,
    in: 'query',
    required: shape.required?.includes(name) ?? false,
    schema: s,
  }))
}
const path = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string' } })
const operator = [{ bearer: [] }]
const common = { 400: error('invalid input'), 413: error('body too large'), 415: error('body is not JSON') }

/**
 * The OpenAPI 3.1 document, generated from the same zod schemas that validate
 * the requests.
 */
export function buildOpenApi(version: string) {
  return {
    openapi: '3.1.0',
    info: { title: 'complaint-router', version, description: '县质监局 complaint routing: citizens’ chat and operators’ console.' },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths: {
      '/api/chat/sessions': {
        post: { summary: 'Start a chat', responses: { 201: { description: 'created', content: json(SessionCreated) }, 429: error('rate limited') } },
      },
      '/api/chat/sessions/{id}': {
        get: { summary: 'The transcript', parameters: [path('id')], responses: { 200: { description: 'transcript' }, 404: error('no such session') } },
      },
      '/api/chat/sessions/{id}/messages': {
        post: {
          summary: 'Send a citizen message',
          parameters: [path('id')],
          requestBody: body(ComplaintBody),
          responses: { 200: { description: 'reply', content: json(ChatReply) }, ...common, 404: error('no such session'), 429: error('rate limited') },
        },
      },
      '/api/route': {
        post: {
          summary: 'Route a complaint (operator); files nothing',
          security: operator,
          requestBody: body(ComplaintBody),
          responses: { 200: { description: 'decision, contract line and script' }, ...common, 401: error('no or wrong token') },
        },
      },
      '/api/tickets': {
        post: {
          summary: 'File a ticket (operator)',
          security: operator,
          parameters: [{ name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string', maxLength: 200 } }],
          requestBody: body(CreateTicketBody),
          responses: {
            201: { description: 'filed', content: json(TicketView) },
            200: { description: 'the ticket filed before with this Idempotency-Key', content: json(TicketView) },
            ...common,
            401: error('no or wrong token'),
          },
        },
        get: {
          summary: 'List tickets (operator)',
          security: operator,
          parameters: queryParams(TicketListQuery),
          responses: { 200: { description: 'one page', content: json(TicketList) }, 400: error('invalid filter'), 401: error('no or wrong token') },
        },
      },
      '/api/tickets/{number}': {
        get: { summary: 'A ticket with its timeline (operator)', security: operator, parameters: [path('number')], responses: { 200: { description: 'ticket' }, 404: error('unknown') } },
      },
      '/api/tickets/{number}/events': {
        post: {
          summary: 'Reroute, transfer or close (operator)',
          security: operator,
          parameters: [path('number')],
          requestBody: body(TicketEventBody),
          responses: { 201: { description: 'recorded' }, ...common, 404: error('unknown'), 409: error('closed, or no change') },
        },
      },
      '/api/tickets.csv': {
        get: { summary: 'CSV export (operator)', security: operator, parameters: queryParams(TicketFiltersQuery), responses: { 200: { description: 'text/csv' } } },
      },
      '/api/stats': {
        get: { summary: 'Counts and override rates (operator)', security: operator, parameters: queryParams(TicketFiltersQuery), responses: { 200: { description: 'stats' } } },
      },
      '/api/public/tickets/{number}': {
        get: {
          summary: 'Ticket status for the citizen',
          parameters: [path('number'), ...queryParams(PublicTicketQuery)],
          responses: { 200: { description: 'status', content: json(PublicTicketView) }, 404: error('unknown number or wrong code'), 429: error('rate limited') },
        },
      },
      '/healthz': { get: { summary: 'Alive', responses: { 200: { description: 'ok' } } } },
      '/readyz': { get: { summary: 'Ready', responses: { 200: { description: 'ok' }, 503: { description: 'database unreachable' } } } },
      '/metrics': { get: { summary: 'Prometheus metrics', responses: { 200: { description: 'text/plain' } } } },
    },
  }
}
