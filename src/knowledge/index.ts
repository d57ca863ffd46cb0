export { DEFAULT_KNOWLEDGE_DIR, KNOWLEDGE_FILES, KnowledgeError, loadKnowledge } from './load.ts'
export type { Knowledge } from './load.ts'
export { findDepartmentByName, getDepartment, getEntry, listEntries, normalizeName } from './lookup.ts'
export * from './schemas.ts'
