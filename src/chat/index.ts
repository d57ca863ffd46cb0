export { appendMessages } from './append-messages.ts'
export { createSession } from './create-session.ts'
export { getSession } from './get-session.ts'
export * from './schemas.ts'
