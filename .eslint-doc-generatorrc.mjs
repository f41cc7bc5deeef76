/** eslint-doc-generator settings: rule docs live beside the rules; the README holds the rule table. */
export default {
  pathRuleDoc: 'rules/{name}.md',
  pathRuleList: 'README.md',
  ruleDocSectionInclude: ['Why', 'Examples', 'Options', 'When Not To Use It'],
  ruleListColumns: ['name', 'description', 'configsError', 'configsWarn', 'hasSuggestions', 'type'],
  urlRuleDoc: 'https://github.com/tableau-rest/eslint-plugin-tableau-rest/blob/main/rules/{name}.md',
};
