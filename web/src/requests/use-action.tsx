import { useState } from 'react';
import { ErrorNotice } from '../components/ErrorNotice';
import { useRequest } from './use-request';

export interface Action {
  busy: boolean;
  error: unknown;
  /** The last success, announced (role="status"). */
  message: string;
  /** Runs `work`; its result (a sentence) becomes the message, a throw the error. */
  run(work: () => Promise<string>): Promise<void>;
}

/** A button's request: busy while it runs, then its outcome in words. */
export function useAction(): Action {
  const request = useRequest();
  const [message, setMessage] = useState('');
  return {
    busy: request.busy !== undefined,
    error: request.error,
    message,
    async run(work) {
      setMessage('');
      await request.run(true, async () => setMessage(await work()));
    },
  };
}

/** An action's outcome under its form: the API's words on failure, the success line otherwise. */
export function ActionOutcome({ action }: { action: Action }) {
  return (
    <>
      {action.error !== undefined && <ErrorNotice error={action.error} />}
      <p className="flash" role="status">
        {action.message}
      </p>
    </>
  );
}
