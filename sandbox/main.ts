// Sandbox entry (skeleton: replaced by the billing service).
console.log('sandbox not implemented yet');
