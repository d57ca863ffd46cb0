import type { Ticket, TicketEvent } from '../db/schema.ts'
import { getDepartment, getEntry, type Knowledge } from '../knowledge/index.ts'
import { maskPhones } from '../tickets/export-tickets.ts'
import type { TicketWithEvents } from '../tickets/schemas.ts'

/** How tickets look on the wire (see the response schemas in `schemas.ts`). */

export function departmentRef(knowledge: Knowledge, id: string | null) {
  if (id === null) return null
  return { id, name: getDepartment(knowledge, id)?.name ?? id }
}

function matterRef(knowledge: Knowledge, id: string | null) {
  if (id === null) return null
  return { id, name: getEntry(knowledge, id)?.title ?? id }
}

/** The operator's view; `masked` hides the caller's phone (lists). */
export function ticketView(knowledge: Knowledge, ticket: Ticket, { masked = false } = {}) {
  return {
    number: ticket.number,
    accessCode: ticket.accessCode,
    status: ticket.status,
    channel: ticket.channel,
    department: departmentRef(knowledge, ticket.departmentId),
    suggestedDepartment: departmentRef(knowledge, ticket.suggestedDepartmentId),
    overridden: ticket.overridden,
    matter: matterRef(knowledge, ticket.matterId),
    complaint: ticket.complaint,
    callerName: ticket.callerName,
    callerPhone: ticket.callerPhone === null ? null : masked ? maskPhones(ticket.callerPhone) : ticket.callerPhone,
    knowledgeVersion: ticket.knowledgeVersion,
    createdAt: ticket.createdAt.toISOString(),
    updatedAt: ticket.updatedAt.toISOString(),
  }
}

export function eventView(knowledge: Knowledge, event: TicketEvent) {
  return {
    kind: event.kind,
    actor: event.actor,
    fromDepartment: departmentRef(knowledge, event.fromDepartmentId),
    toDepartment: departmentRef(knowledge, event.toDepartmentId),
    fromStatus: event.fromStatus,
    toStatus: event.toStatus,
    reason: event.reason,
    createdAt: event.createdAt.toISOString(),
  }
}

const STATUS_TEXT = { open: '已受理，正在办理', transferred: '已转交相关部门办理', closed: '已办结' } as const

/** What a citizen may see: no complaint text, no caller data, no reasons or actors. */
export function publicTicketView(knowledge: Knowledge, ticket: TicketWithEvents) {
  return {
    number: ticket.number,
    status: ticket.status,
    statusText: STATUS_TEXT[ticket.status],
    department: departmentRef(knowledge, ticket.departmentId),
    createdAt: ticket.createdAt.toISOString(),
    updatedAt: ticket.updatedAt.toISOString(),
    timeline: ticket.events.map((event) => ({
      kind: event.kind,
      department: departmentRef(knowledge, event.toDepartmentId),
      at: event.createdAt.toISOString(),
    })),
  }
}
