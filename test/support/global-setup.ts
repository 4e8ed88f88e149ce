/** Placeholder replaced when integration tests arrive: starts DynamoDB Local once for the run. */
export default function setup(): void {}
