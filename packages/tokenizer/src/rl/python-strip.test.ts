import { describe, expect, it } from 'vitest';
import { renderChatTemplate } from './render-chat-template.js';

const render = (template: string, content: string) =>
  renderChatTemplate([{ role: 'user', content }], { template });

// Expected values are Python's: ' \nab\n '.lstrip('\n') == ' \nab\n ', 'xxaby'.strip('xy') == 'ab'.
describe('strip / lstrip / rstrip with an argument strip only those characters, as in Python', () => {
  it.each([
    ["{{ messages[0].content.lstrip('\\n') }}", '\n\n ab\n', ' ab\n'],
    ["{{ messages[0].content.rstrip('\\n') }}", ' ab \n\n', ' ab '],
    ["{{ messages[0].content.strip('xy') }}", 'xyxabyx', 'ab'],
    ["{{ messages[0].content.strip('\\n') }}", ' \nab\n ', ' \nab\n '],
    ["{{ messages[0].content.split('|')[0].rstrip('-').upper() }}", 'ab--|cd', 'AB'],
    ["{{ {'k': messages[0].content.lstrip('>')}['k'] }}", '>>a>', 'a>'],
    ['{{ messages[0].content.strip() }}', ' \n ab \n ', 'ab'],
    ['{{ messages[0].content.strip(none) }}', ' \n ab \n ', 'ab'],
    ["{{ messages[0].content.lstrip('') }}", ' ab', ' ab'],
  ])('%s on %j gives %j', (template, content, expected) => {
    expect(render(template, content)).toBe(expected);
  });

  it('reports a strip of something that is not a string', () => {
    expect(() => render("{{ messages.lstrip('x') }}", 'a')).toThrow(
      /lstrip\(\) needs a string; received object/,
    );
  });
});
