export { RuntimeModule } from './runtime.module.js';
export { WorkflowRuntime } from './runtime.service.js';
export { RuntimeError, RuntimeErrorCode } from './runtime.errors.js';
export { DEFAULT_RUNTIME_LIMITS, RUNTIME_LIMITS } from './runtime.types.js';
export type { RuntimeEvent, RuntimeLimits, StepEvent, TurnInput } from './runtime.types.js';
export { buttonFor, choicesWidget, withChoiceMade } from './choices.node.js';
