import { createHash } from 'node:crypto';

/** One entry of the demo API's response. */
export interface Appointment {
  readonly id: string;
  readonly title: string;
  readonly startsAt: string;
  readonly durationMinutes: number;
  readonly location: string;
}

const TITLES = [
  'Dentist check-up',
  'Physiotherapy',
  'Eye test',
  'Blood test',
  'GP consultation',
  'Vaccination',
];
const LOCATIONS = ['Room 1', 'Room 2', 'Room 7', 'Clinic annex', 'Video call'];
const FIRST_DAY = Date.UTC(2030, 0, 7, 9, 0, 0);
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The protected resource of the demo: a short list of appointments that depends only on the
 * subject, so tests and the UI can tell whose token reached the API (RFC 9068 §2.2 `sub`) without
 * any storage. Dates are fixed in 2030, not relative to now, to keep responses reproducible.
 */
export function appointmentsFor(subject: string): Appointment[] {
  const seed = createHash('sha256').update(subject).digest();
  return [0, 1, 2].map((index) => {
    const byte = (offset: number): number => seed[index * 4 + offset] ?? 0;
    const day = index * 7 + (byte(0) % 5);
    const hour = byte(1) % 8;
    return {
      id: `apt-${seed.subarray(index * 4, index * 4 + 4).toString('hex')}`,
      title: TITLES[byte(2) % TITLES.length] ?? 'Appointment',
      startsAt: new Date(FIRST_DAY + day * DAY_MS + hour * 60 * 60 * 1000).toISOString(),
      durationMinutes: 15 * (1 + (byte(3) % 4)),
      location: LOCATIONS[byte(3) % LOCATIONS.length] ?? 'Room 1',
    };
  });
}

/**
 * The subject's appointment with `id`, or its first one for `next` (the list is in date order),
 * or undefined when the subject has none by that id.
 */
export function findAppointment(subject: string, id: string): Appointment | undefined {
  const appointments = appointmentsFor(subject);
  return id === 'next' ? appointments[0] : appointments.find((appointment) => appointment.id === id);
}
