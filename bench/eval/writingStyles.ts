/** How people write a problem in their own words (bench/eval/questions/README.md). */
export const WRITING_STYLES = ['short-typo', 'teams-chat', 'detailed', 'how-why', 'admin-note'] as const;
export type WritingStyle = (typeof WRITING_STYLES)[number];
