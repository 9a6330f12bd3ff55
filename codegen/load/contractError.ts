/** A problem in a contract document: the generator stops and prints it (exit 1). */
export class ContractError extends Error {
  override readonly name = 'ContractError';
}
