import { z } from 'zod';
import { ACCOUNT_ROLES, rolesWithForce } from './accounts.domain.js';
import { passwordProblem } from './passwords.js';

const email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: 'Enter an email address in the correct format, like name@example.org' }));

export const passwordSchema = z.string().superRefine((value, ctx) => {
  const problem = passwordProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** A new account, from the CLI or an administrator; the same rules everywhere. */
export const newUserSchema = z
  .object({
    email,
    name: z.string().trim().max(200).optional(),
    role: z.enum(ACCOUNT_ROLES, { message: `Role must be one of ${ACCOUNT_ROLES.join(', ')}` }),
    force: z.string().trim().optional(),
    password: passwordSchema.optional(),
  })
  .superRefine((value, ctx) => {
    if (rolesWithForce(value.role) && !value.force)
      ctx.addIssue({
        code: 'custom',
        path: ['force'],
        message: `A ${value.role} account needs --force <slug>`,
      });
    if (!rolesWithForce(value.role) && value.force)
      ctx.addIssue({
        code: 'custom',
        path: ['force'],
        message: `A ${value.role} account does not belong to a force`,
      });
  });
export type NewUser = z.input<typeof newUserSchema>;

export const signInSchema = z.object({
  email: z.string().trim().toLowerCase().min(1, 'Enter your email address').max(320),
  password: z.string().min(1, 'Enter your password').max(1024),
});
