import { useEffect, useRef, useState, type DragEvent, type KeyboardEvent } from 'react';
import { useAccount } from '../../account/account-context';
import type { Post } from '../../api/mark-api';
import { hasHourSlots, moveSlot, rangeHasDate, slotInstant, slotKey, slotOf, type CalendarRange, type CalendarView, type MoveKey, type Slot } from '../../calendar/calendar-grid';
import { chipText, slotLabel, slotTimeLabel } from '../../calendar/calendar-labels';
import { scheduleWarningText } from '../../linkedin/connection-state';
import { formatDateTime } from '../../posts/format-time';
import { useRequest } from '../../requests/use-request';
import { MIN_LEAD_MS } from '../../time/schedule-time';
import { toIsoWithOffset } from '../../time/zoned-time';

const ARROW_KEYS: readonly string[] = ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown'] satisfies MoveKey[];

interface SlotMoveInput {
  view: CalendarView;
  /** The days on screen: a keyboard move stays inside them. */
  range: CalendarRange;
  /** The posts on screen (a drop names one by id). */
  posts: Post[];
  /** The API rescheduled a post: show its copy. */
  onMoved(post: Post): void;
}

/**
 * Moving a scheduled post to another slot, which reschedules it: drag and
 * drop; or its Move button, then a slot chosen with the arrow keys and Enter
 * (Escape cancels), or "Move here" on a slot. Every step is
 * announced (`announcement`, for a role="status" line). The wall-clock minute
 * is kept, a slot in the past is refused, and after a move the focus follows
 * the post to its new cell.
 */
export function useSlotMove({ view, range, posts, onMoved }: SlotMoveInput) {
  const { api, timeZone, now, me } = useAccount();
  /** The post picked up (by click or keyboard) and the slot it would go to. */
  const [moving, setMoving] = useState<{ post: Post; target: Slot }>();
  const [dragging, setDragging] = useState<string>();
  const [dropTarget, setDropTarget] = useState<string>();
  const [announcement, setAnnouncement] = useState('');
  const request = useRequest<string>();
  const chips = useRef(new Map<string, HTMLElement>());
  const focusAfterMove = useRef<string | undefined>(undefined);

  // After a move the chip is a new element in another cell: give it focus back so the keyboard user carries on from it.
  useEffect(() => {
    if (!focusAfterMove.current) return;
    chips.current.get(focusAfterMove.current)?.focus();
    focusAfterMove.current = undefined;
  });

  /** Ends a move without a word (the view or the page of the calendar changed). */
  function stop() {
    setMoving(undefined);
  }

  /** Ends a move at the user's request, and says so. */
  function cancel() {
    if (!moving) return;
    setMoving(undefined);
    setAnnouncement('Move cancelled.');
  }

  async function moveTo(post: Post, slot: Slot) {
    setMoving(undefined);
    setDropTarget(undefined);
    if (post.status !== 'scheduled' || !post.scheduledAt) return;
    const original = new Date(post.scheduledAt);
    const at = slotInstant(slot, original, timeZone);
    if (at.getTime() === original.getTime()) {
      setAnnouncement('The post stays where it was.');
      return;
    }
    if (at.getTime() - now().getTime() < MIN_LEAD_MS) {
      request.setError(undefined);
      setAnnouncement(`${slotLabel(slot, timeZone)} has passed: pick a later slot.`);
      return;
    }
    await request.run(post.id, async () => {
      const moved = await api.schedulePost(post.id, toIsoWithOffset(at, timeZone));
      const warning = scheduleWarningText(moved.warnings, me.linkedin?.expiresAt, timeZone);
      onMoved(moved);
      focusAfterMove.current = moved.id;
      setAnnouncement(`Rescheduled for ${formatDateTime(moved.scheduledAt ?? at.toISOString(), timeZone)}.${warning ? ` ${warning}` : ''}`);
    });
  }

  /** A scheduled post's Move button: pick it up, or put it back down. */
  function pickUp(post: Post) {
    if (moving?.post.id === post.id) {
      cancel();
      return;
    }
    request.setError(undefined);
    setMoving({ post, target: slotOf(new Date(post.scheduledAt!), view, timeZone) });
    setAnnouncement(`Moving “${chipText(post)}”. Use the arrow keys, then Enter to drop it, or choose Move here on a ${hasHourSlots(view) ? 'slot' : 'day'}. Escape cancels.`);
  }

  /** Keys on the post being moved: arrows choose the slot, Enter or Space drops it there, Escape cancels. */
  function keyDown(event: KeyboardEvent, post: Post) {
    if (!moving || moving.post.id !== post.id) return;
    if (event.key === 'Escape') {
      event.preventDefault();
      cancel();
      return;
    }
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      void moveTo(post, moving.target);
      return;
    }
    if (ARROW_KEYS.includes(event.key)) {
      event.preventDefault();
      const target = moveSlot(moving.target, view, event.key as MoveKey);
      if (!rangeHasDate(range, target.date)) {
        const page = view === 'agenda' ? 'list' : view;
        setAnnouncement(`That is outside this ${page}. Drop it here first, then go to the next ${view === 'agenda' ? 'days' : view}.`);
        return;
      }
      setMoving({ post, target });
      // The time it would be saved at: the slot's day and hour with the post's own minute (slotInstant, as moveTo saves it).
      setAnnouncement(`Move to ${slotTimeLabel(target, slotInstant(target, new Date(post.scheduledAt!), timeZone), timeZone)}?`);
    }
  }

  /** The chip's element, so focus can follow a moved post. */
  const chipRef = (postId: string) => (element: HTMLElement | null) => {
    if (element) chips.current.set(postId, element);
    else chips.current.delete(postId);
  };

  /** A scheduled post's chip is dragged by its id. */
  const dragHandlers = (post: Post) => ({
    onDragStart: (event: DragEvent) => {
      event.dataTransfer.setData('text/plain', post.id);
      event.dataTransfer.effectAllowed = 'move';
      setMoving(undefined);
      setDragging(post.id);
    },
    onDragEnd: () => {
      setDragging(undefined);
      setDropTarget(undefined);
    },
  });

  /** A slot takes a dragged post, and shows it is the drop target meanwhile. */
  const dropHandlers = (slot: Slot) => ({
    onDragOver: (event: DragEvent) => {
      if (!dragging) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'move';
      setDropTarget(slotKey(slot));
    },
    onDragLeave: () => setDropTarget((current) => (current === slotKey(slot) ? undefined : current)),
    onDrop: (event: DragEvent) => {
      event.preventDefault();
      const postId = event.dataTransfer.getData('text/plain') || dragging;
      setDragging(undefined);
      const post = posts.find((p) => p.id === postId);
      if (post) void moveTo(post, slot);
    },
  });

  return {
    moving,
    /** The slot key a post is dragged over. */
    dropTarget,
    /** The id of the post being rescheduled. */
    busy: request.busy,
    error: request.error,
    announcement,
    stop,
    cancel,
    moveTo,
    pickUp,
    keyDown,
    chipRef,
    dragHandlers,
    dropHandlers,
  };
}

export type SlotMove = ReturnType<typeof useSlotMove>;
