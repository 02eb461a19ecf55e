/**
 * The themes across forces, and the rules that assign them: readable, testable, and the same for
 * findings and Engage reasons. A text gets every theme whose rule matches; a rule matches when any
 * of its patterns does and none of its exclusions does.
 */
export type Theme = { slug: string; name: string; patterns: RegExp[]; exclude?: RegExp[] };

export const THEMES: Theme[] = [
  {
    slug: 'vulnerability-at-first-contact',
    name: 'Vulnerability at first contact',
    patterns: [
      /vulnerab\w*[^.]{0,80}first (point of )?contact/i,
      /first (point of )?contact[^.]{0,80}vulnerab/i,
      /\bTHRIVE\b/,
      /repeat (victims|callers)[^.]{0,40}identif/i,
    ],
  },
  {
    slug: 'call-handling',
    name: 'Call handling and response times',
    patterns: [
      /\b(101|999)\b/,
      /\bcall[- ]?(handl|tak)\w*/i,
      /\b(emergency|non-emergency) calls?\b/i,
      /\banswer\w* calls?\b/i,
      /\bcalls? for service\b/i,
      /\babandon\w* calls?|calls? (are |were )?abandon/i,
      /\battend\w*[^.]{0,30}(time ?frames?|in time)/i,
    ],
  },
  {
    slug: 'investigation-quality',
    name: 'Investigation quality',
    patterns: [/\binvestigat\w*/i],
    exclude: [/\bprofessional standards\b/i],
  },
  {
    slug: 'crime-recording',
    name: 'Crime recording',
    patterns: [
      /\bcrime[- ]recording\b/i,
      /\brecord(s|ing)? (of )?(domestic abuse|crimes?|behavioural crimes)/i,
      /\bdata about crime\b/i,
      /\bfailing to record\b/i,
    ],
  },
  {
    slug: 'offender-management',
    name: 'Managing offenders',
    patterns: [
      /\boffenders?\b/i,
      /\bintegrated offender management\b/i,
      /\bbail\b/i,
      /\breleased under investigation\b/i,
      /\bsuspects?\b/i,
    ],
  },
  {
    slug: 'child-protection',
    name: 'Child protection',
    patterns: [/\bchild(ren)?\b/i, /\bexploit\w*/i, /\bindecent imagery\b/i],
  },
  {
    slug: 'safeguarding-domestic-abuse',
    name: 'Safeguarding and domestic abuse',
    patterns: [
      /\bsafeguard\w*/i,
      /\bdomestic abuse\b/i,
      /\bMARACs?\b/,
      /\bhidden harm\b/i,
      /\bprotect\w* (those who are )?vulnerable\b/i,
      /\bvulnerable people\b/i,
    ],
  },
  {
    slug: 'crime-prevention',
    name: 'Crime prevention and neighbourhood policing',
    patterns: [
      /\bprevent\w*\b[^.]{0,40}\b(crime|anti-social|activity|practice)/i,
      /\bcrime prevention\b/i,
      /\bproblem[- ]solving\b/i,
      /\bneighbourhood policing\b/i,
      /\banti-social behaviour\b/i,
    ],
  },
  {
    slug: 'strategic-planning-demand',
    name: 'Strategic planning and demand',
    patterns: [
      /\bstrategic (plan|direction|planning)\w*/i,
      /\bdemand\b/i,
      /\b(financial|workforce) plans?\b/i,
      /\bvalue for money\b/i,
      /\borganisational (management|efficiency)\b/i,
    ],
  },
  {
    slug: 'workforce',
    name: 'Workforce',
    patterns: [
      /\bworkforce\b/i,
      /\bwell-?being\b/i,
      /\brecruit\w*/i,
      /\bretention\b/i,
      /\bsickness\b/i,
      /\bsenior leaders?\b/i,
    ],
    exclude: [/\bworkforce (and \w+ )?plans?\b/i],
  },
  {
    slug: 'ethics-counter-corruption',
    name: 'Ethics and counter-corruption',
    patterns: [
      /\bcorrupt\w*/i,
      /\bethic\w*/i,
      /\bprofessional standards\b/i,
      /\bvetting\b/i,
      /\bdeclarable associations\b/i,
      /\bvictim[- ]blaming\b/i,
    ],
  },
  {
    slug: 'public-engagement',
    name: 'Engaging with the public',
    patterns: [
      /\bengag\w* (with )?(local )?communit/i,
      /\bcommunicat\w* with the public\b/i,
      /\bcommunity in\b/i,
      /\bpublic (trust|confidence|expectations)\b/i,
      /\bfairness and respect\b/i,
    ],
  },
  {
    slug: 'victim-service',
    name: 'Service to victims',
    patterns: [
      /\bvictims?\b[^.]{0,60}\b(support|updat|service|code of practice)/i,
      /\bCode of Practice for Victims\b/i,
      /\bupdate victims\b/i,
      /\bsatisfactory results for victims\b/i,
    ],
  },
];

export const THEME_BY_SLUG = new Map(THEMES.map((t) => [t.slug, t]));

/** The themes a text belongs to, in taxonomy order. */
export function themesOf(text: string): string[] {
  return THEMES.filter(
    (t) => t.patterns.some((p) => p.test(text)) && !(t.exclude ?? []).some((p) => p.test(text)),
  ).map((t) => t.slug);
}
