import { describe, expect, it } from 'vitest';
import { injuryDateFromNarrative, readHeader } from '../../src/extract/header/header.js';
import { findDates } from '../../src/extract/dates.js';

describe('readHeader', () => {
  it('reads label/value pairs, two to a line, with a label split over two lines (pdf-parse)', () => {
    const h = readHeader('Case Number: CM17-0009574\nDate Assigned: 01/18/2017 Date of Injury: 11/22/2016\nDecision Date: 02/13/2017 UR Denial Date: 12/19/2016\nPriority: Standard Application\nReceived:\n01/13/2017');
    expect(h).toEqual({
      caseNumber: 'CM17-0009574', assigned: '2017-01-18', injury: '2016-11-22', decision: '2017-02-13',
      urDenial: '2016-12-19', applicationReceived: '2017-01-13', priority: 'standard',
    });
  });

  it('reads labels printed before their values', () => {
    const h = readHeader('Case Number:\nDate Assigned:\nDecision Date:\nPriority:\nCM15-0123456\n06/22/2015\n07/30/2015\nExpedited');
    expect(h.caseNumber).toBe('CM15-0123456');
    expect(h.assigned).toBe('2015-06-22');
    expect(h.decision).toBe('2015-07-30');
    expect(h.priority).toBe('expedited');
  });

  it('reads the 2013 letter labels (IMR Case Number, Date of UR Decision, Dated)', () => {
    const h = readHeader('Dated: 11/18/2013\nEmployee: Jane Roe\nClaim Number: CVG-2011-048817\nDate of UR Decision: 7/19/2013\nDate of Injury: 9/15/2011\nIMR Application Received: 8/1/2013\nIMR Case Number: CM13-0000736');
    expect(h).toMatchObject({ caseNumber: 'CM13-0000736', decision: '2013-11-18', urDenial: '2013-07-19', injury: '2011-09-15', applicationReceived: '2013-08-01' });
  });

  it('leaves absent fields null', () => {
    expect(readHeader('')).toEqual({ caseNumber: null, assigned: null, injury: null, decision: null, urDenial: null, applicationReceived: null, priority: null });
  });
});

describe('dates', () => {
  it('reads the numeric and long forms and rejects impossible dates', () => {
    expect(findDates('On 10-13-16 and 11/3/2016 and January 14, 2015, not 13/45/2016 nor 7/10').map((d) => d.iso))
      .toEqual(['2016-10-13', '2016-11-03', '2015-01-14']);
  });

  it('takes the injury date from the narrative when there is no header', () => {
    expect(injuryDateFromNarrative('The injured worker is a 55 year old male, who sustained an industrial injury on March 27, 2014.')).toBe('2014-03-27');
    expect(injuryDateFromNarrative('She reported an injury to her neck and right wrist on 9/15/2011, attributed to keyboarding.')).toBe('2011-09-15');
  });
});

describe('date forms that are not dates', () => {
  it('does not read a pain range or a strength as a date, and tolerates a stray space', () => {
    expect(findDates('pain 6-7/10 and 8-9/10, Norco 10/325/30, seen 11-15- 2016').map((d) => d.iso)).toEqual(['2016-11-15']);
  });
});
