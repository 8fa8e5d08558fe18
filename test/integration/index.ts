// Integration suite entry (skeleton: replaced by the host harness).
export async function run(): Promise<void> {}
