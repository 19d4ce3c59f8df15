/** What GraphQL accepts as a type name a schema may declare (names starting with `__` are the introspection system's). */
export const isGraphQLTypeName = (name: string): boolean => /^[_A-Za-z][_0-9A-Za-z]*$/.test(name) && !name.startsWith("__");

export const GRAPHQL_TYPE_NAME_RULE = "letters, digits and _, not starting with a digit or __";
