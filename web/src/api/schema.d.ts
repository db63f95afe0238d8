/** Generated from docs/openapi.json by scripts/web-client.ts (npm run build:web-client): do not edit. */
export interface paths {
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            status: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness (database reachable) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            status: string;
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List assets, newest first, with cursor pagination and filters */
        get: {
            parameters: {
                query?: {
                    status?: "draft" | "enriching" | "brand_check" | "in_review" | "approved" | "changes_requested" | "rejected" | "published" | "archived" | "quarantined" | "deprecated";
                    campaign?: string;
                    team?: string;
                    tool?: string;
                    /** @description Only assets of this risk tier */
                    riskTier?: number;
                    /** @description Substring of the title (matched literally) */
                    q?: string;
                    /** @description A colour the current version's palette holds: a family (red, orange, yellow, green, teal, blue, purple, pink, brown, black, grey, white; gray and cyan also accepted) or a hex colour (#ff6600, URL-encoded as %23ff6600; the # may be left out). Anything else is refused with VALIDATION_FAILED naming these values. */
                    colour?: string;
                    /** @description With colour: the least share of the picture the colour must cover, 0–1 (default 0.1) */
                    colourShare?: number;
                    /** @description With a hex colour: the CIEDE2000 distance within which a palette colour matches (default 10) */
                    colourTolerance?: number;
                    /** @description Soft-deleted assets alone, with when they were deleted and may be purged (needs asset:restore) */
                    deleted?: "only";
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                id: string;
                                title: string;
                                kind: string;
                                /** @enum {string} */
                                status: "draft" | "enriching" | "brand_check" | "in_review" | "approved" | "changes_requested" | "rejected" | "published" | "archived" | "quarantined" | "deprecated";
                                quarantineReasons: {
                                    code: string;
                                    field?: string;
                                    message: string;
                                }[];
                                description?: string;
                                prompt?: string;
                                tool?: string;
                                model?: string;
                                toolVersion?: string;
                                /** @enum {string} */
                                intendedUse?: "internal" | "web" | "social" | "email" | "print" | "ooh" | "advertising" | "editorial" | "product" | "presentation" | "regulated" | "other";
                                /** @enum {string} */
                                rightsStatus: "cleared" | "pending" | "restricted" | "expired" | "unknown";
                                requestor?: {
                                    id: string;
                                    slug: string;
                                    name: string;
                                };
                                team?: {
                                    id: string;
                                    slug: string;
                                    name: string;
                                };
                                campaign?: {
                                    id: string;
                                    slug: string;
                                    name: string;
                                };
                                /** @enum {string} */
                                audience?: "internal" | "external";
                                regulated?: boolean;
                                /** @description The review tier the risk policy gave; absent until derived */
                                riskTier?: number;
                                /** @description The policy rule that set the tier; absent when the default tier applied */
                                riskRule?: string;
                                /** @description The risk policy version that decided the tier */
                                riskPolicyVersion?: number;
                                currentVersion: number;
                                createdAt: string;
                                updatedAt: string;
                                versions?: {
                                    number: number;
                                    sha256: string;
                                    size: number;
                                    mediaType: string;
                                    fileName: string;
                                    width?: number;
                                    height?: number;
                                    createdAt: string;
                                    createdBy: string;
                                    /** @description Set on a version made by reverting: the version whose bytes and provenance it copied */
                                    revertOf?: number;
                                    /** @description The normalised provenance record: AI involvement, digital source type, generator, prompt, sampling, C2PA and IPTC summaries, and the source each field was taken from */
                                    provenance: {
                                        [key: string]: unknown;
                                    };
                                    originalUrl: string;
                                }[];
                                /** @description On one asset read: the latest brand check per brand (each rule with its evidence: GET /api/v1/assets/{id}/brand-check) */
                                brandChecks?: {
                                    current: {
                                        id: string;
                                        brandId: string;
                                        versionNumber: number;
                                        guidelineVersion: number;
                                        /** @enum {string} */
                                        verdict: "pass" | "warn" | "fail";
                                        score: number;
                                        failedRules: string[];
                                        checkedAt: string;
                                    }[];
                                    /** @description A new guideline version changed the verdict: re-review it */
                                    rereview: boolean;
                                };
                                /** @description Only on a soft-deleted asset (an admin listing ?deleted=only): restorable until purgeAfter */
                                deletion?: {
                                    at: string;
                                    by: string;
                                    purgeAfter: string;
                                };
                            }[];
                            nextCursor?: string;
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Upload a file with its intake fields (multipart/form-data, streamed)
         * @description Refused with INTAKE_INCOMPLETE listing every missing field unless the file itself carries it — or, with ?quarantine=true, kept as a quarantined asset (status "quarantined", its quarantineReasons naming each missing or invalid field) to be fixed with PATCH /api/v1/assets/{id}. The same bytes uploaded again answer 200 with status "duplicate" and the existing asset. While the server is receiving as many uploads as it takes at once, 503 TOO_MANY_UPLOADS with Retry-After, before the body is read.
         */
        post: {
            parameters: {
                query?: {
                    /** @description true: missing or invalid intake fields quarantine the asset with its reasons instead of refusing the upload (422) */
                    quarantine?: boolean;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "multipart/form-data": {
                        /**
                         * Format: binary
                         * @description The file (exactly one part named "file")
                         */
                        file: string;
                        /** @description The prompt or generation brief (filled from the file when it carries one) */
                        prompt?: string;
                        /** @description The generating tool, e.g. "ComfyUI", "Midjourney" (filled from the file when possible) */
                        tool?: string;
                        /** @description The model, e.g. "sdxl_base_1.0" (filled from the file when possible) */
                        model?: string;
                        /** @description The tool version (filled from the file when possible); a model satisfies the requirement too */
                        toolVersion?: string;
                        /** @description Who requested the asset (user name) */
                        requestor?: string;
                        /** @description Owning team */
                        team?: string;
                        /**
                         * @description Intended use
                         * @enum {string}
                         */
                        intendedUse?: "internal" | "web" | "social" | "email" | "print" | "ooh" | "advertising" | "editorial" | "product" | "presentation" | "regulated" | "other";
                        /** @description Campaign */
                        campaign?: string;
                        /**
                         * @description Initial rights status
                         * @enum {string}
                         */
                        rightsStatus?: "cleared" | "pending" | "restricted" | "expired" | "unknown";
                        /** @description Title; defaults to the file name */
                        title?: string;
                        /**
                         * @description Who will see it: internal or external (default: internal for the internal intended use, else external)
                         * @enum {string}
                         */
                        audience?: "internal" | "external";
                        /**
                         * @description true when it is a regulated communication (financial, medical, …), whatever the channel
                         * @enum {string}
                         */
                        regulated?: "true" | "false";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            status: "created" | "quarantined" | "duplicate";
                            duplicateOf?: string;
                            filledFromFile: {
                                [key: string]: string;
                            };
                            asset: components["schemas"]["Asset"];
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            status: "created" | "quarantined" | "duplicate";
                            duplicateOf?: string;
                            filledFromFile: {
                                [key: string]: string;
                            };
                            asset: components["schemas"]["Asset"];
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assets/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One asset with its versions and provenance */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Asset id (UUIDv7) */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Asset"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Soft-delete an asset
         * @description Needs asset:delete on the asset's team. The asset is missing to every read, list, edit, transition and download until an admin restores it; after the retention period (PROVENA_ASSET_RETENTION_DAYS, default 30) `provena purge` removes it and the files no other asset uses.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Asset id (UUIDv7) */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            deletedAt: string;
                            purgeAfter: string;
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Correct intake fields, descriptive metadata and user tags
         * @description Fields: title, prompt, tool, model, toolVersion, campaign, team, requestor, intendedUse, rightsStatus, audience, regulated, description, addTags, removeTags. Needs asset:edit on the asset's team (and on the team it moves to). Each change is audited with its value before and after. Send If-Match with the ETag of GET /api/v1/assets/:id to edit only the asset as you read it (409 CONFLICT when it changed meanwhile). A quarantined asset whose every reason the edit resolves (missing fields supplied, rights changed to cleared or pending) leaves quarantine in the same request (released: true) and goes on to enrichment and review; otherwise remainingReasons lists what still holds it. Unknown fields and wrong values are 400 VALIDATION_FAILED naming each.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Asset id (UUIDv7) */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        /** @description Title (cannot be cleared) */
                        title?: string;
                        /** @description A description for people browsing assets; null clears it */
                        description?: string | null;
                        /** @description The prompt or generation brief (filled from the file when it carries one); null clears it */
                        prompt?: string | null;
                        /** @description The generating tool, e.g. "ComfyUI", "Midjourney" (filled from the file when possible); null clears it */
                        tool?: string | null;
                        /** @description The model, e.g. "sdxl_base_1.0" (filled from the file when possible); null clears it */
                        model?: string | null;
                        /** @description The tool version (filled from the file when possible); a model satisfies the requirement too; null clears it */
                        toolVersion?: string | null;
                        /** @description Campaign; null clears it */
                        campaign?: string | null;
                        /** @description Owning team (moving needs asset:edit on both teams); null clears it */
                        team?: string | null;
                        /** @description Who requested the asset (user name); null clears it */
                        requestor?: string | null;
                        /** @description Intended use; null clears it */
                        intendedUse?: ("internal" | "web" | "social" | "email" | "print" | "ooh" | "advertising" | "editorial" | "product" | "presentation" | "regulated" | "other") | null;
                        /**
                         * @description Rights status (cannot be cleared)
                         * @enum {string}
                         */
                        rightsStatus?: "cleared" | "pending" | "restricted" | "expired" | "unknown";
                        /** @description Who will see it: internal or external (default: internal for the internal intended use, else external); null clears it */
                        audience?: ("internal" | "external") | null;
                        /** @description true when it is a regulated communication (financial, medical, …), whatever the channel; null clears it */
                        regulated?: boolean | null;
                        /** @description User tags to add (at most 50; case-insensitive) */
                        addTags?: string[];
                        /** @description User tags to remove */
                        removeTags?: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            asset: components["schemas"]["Asset"];
                            changes: {
                                field: string;
                                before: unknown;
                                after: unknown;
                            }[];
                            /** @description The current version's user tags after the edit */
                            tags: string[];
                            released: boolean;
                            remainingReasons?: {
                                code: string;
                                field?: string;
                                message: string;
                            }[];
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/assets/{id}/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The audit trail of one asset */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Asset id (UUIDv7) */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                [key: string]: unknown;
                            }[];
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assets/{id}/transitions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Change the status of an asset by a named workflow transition
         * @description The transitions a person may ask for: publish, unpublish, archive, unarchive, quarantine, release, resubmit, deprecate; each needs its permission on the asset's team (403 FORBIDDEN names it). One that does not start from the current status is 409 ILLEGAL_TRANSITION, naming the status and the transitions possible from it. Enrichment, review decisions and new versions change the status themselves. Audited with before, after and the actor.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Asset id (UUIDv7) */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        name: "publish" | "unpublish" | "archive" | "unarchive" | "quarantine" | "release" | "resubmit" | "deprecate";
                        /** @description Why (kept in the audit entry): a quarantine cause */
                        reason?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            transition: "start-enrichment" | "finish-enrichment" | "finish-brand-check" | "fail-brand-check" | "approve" | "request-changes" | "reject" | "resubmit" | "new-version" | "publish" | "unpublish" | "archive" | "unarchive" | "quarantine" | "release" | "deprecate";
                            /** @enum {string} */
                            from: "draft" | "enriching" | "brand_check" | "in_review" | "approved" | "changes_requested" | "rejected" | "published" | "archived" | "quarantined" | "deprecated";
                            /** @enum {string} */
                            to: "draft" | "enriching" | "brand_check" | "in_review" | "approved" | "changes_requested" | "rejected" | "published" | "archived" | "quarantined" | "deprecated";
                            asset: components["schemas"]["Asset"];
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assets/{id}/original": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download the original file (ETag, Range, conditional requests)
         * @description The usage check decides first (channel and region from the query; default the internal channel): a use it denies is 403 USAGE_DENIED with every reason in details.decision, and audited.
         */
        get: {
            parameters: {
                query?: {
                    version?: number;
                    /** @description The channel the file is for (one of the organisation's, GET /api/v1/channels); default internal */
                    channel?: string;
                    /** @description ISO 3166-1 alpha-2 code of where it will be used */
                    region?: string;
                };
                header?: never;
                path: {
                    /** @description Asset id (UUIDv7) */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assets/{id}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Upload a new version of an asset (multipart/form-data, one part named "file")
         * @description Needs asset:create on the asset's team. The same checks as a new asset's upload (type, structure, provenance). The bytes of the current version answer 200 "unchanged"; bytes another asset holds answer 200 "duplicate" with it. Otherwise 201: the version becomes current and the asset goes back to enrichment and review (an approval belongs to one version); a quarantined asset stays quarantined. An archived or deprecated asset takes no new version (409 ILLEGAL_TRANSITION).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Asset id (UUIDv7) */
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "multipart/form-data": {
                        /**
                         * Format: binary
                         * @description The file (exactly one part named "file")
                         */
                        file: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            status: "created" | "unchanged" | "duplicate";
                            duplicateOf?: string;
                            version?: number;
                            asset: components["schemas"]["Asset"];
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            status: "created" | "unchanged" | "duplicate";
                            duplicateOf?: string;
                            version?: number;
                            asset: components["schemas"]["Asset"];
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                422: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assets/{id}/versions/{n}/revert": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Make a new version of an earlier version (revert)
         * @description Needs asset:create on the asset's team. The new version has version n's bytes and provenance and records revertOf: n; the asset goes back to review as for any new version. Reverting to the current version answers 200 "unchanged".
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Asset id (UUIDv7) */
                    id: string;
                    /** @description Version number */
                    n: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            status: "created" | "unchanged" | "duplicate";
                            duplicateOf?: string;
                            version?: number;
                            asset: components["schemas"]["Asset"];
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            status: "created" | "unchanged" | "duplicate";
                            duplicateOf?: string;
                            version?: number;
                            asset: components["schemas"]["Asset"];
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assets/{id}/restore": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Restore a soft-deleted asset as it was
         * @description Needs asset:restore (admins). 404 when no deleted asset has this id; 409 when the asset is not deleted.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Asset id (UUIDv7) */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Asset"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Events after a seq, oldest first (the outbox)
         * @description Every workflow transition and lifecycle change of an asset (new version, edit, delete, restore, purge) writes one event in the transaction of the change, so an event exists exactly when its change committed, and seq order is commit order. Poll with `after` set to the last seq handled (`nextAfter` of the previous answer). Needs audit:read (admins hold it).
         */
        get: {
            parameters: {
                query?: {
                    /** @description Answer events with a seq above this */
                    after?: number;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                seq: number;
                                /** @enum {string} */
                                type: "asset.transitioned" | "asset.version-added" | "asset.edited" | "asset.deleted" | "asset.restored" | "asset.purged" | "asset.signed-off" | "asset.duplicate-refused";
                                subjectType: string;
                                subjectId: string;
                                /** @description Who acted: user:…, operator:…, system:… */
                                actor: string;
                                payload: {
                                    [key: string]: unknown;
                                };
                                createdAt: string;
                            }[];
                            /** @description The `after` of the next poll */
                            nextAfter: number;
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/events/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Live updates: the changes to assets the caller may read, as server-sent events
         * @description A `text/event-stream` for signed-in pages: one `change` event per outbox event about an asset the caller may read (data: JSON `{ seq, type, subjectType, subjectId, createdAt }`, id: the seq; no payload, no actor), read from the outbox about once a second, and a comment line every 15 s to keep the connection open. Starts after `after`, or the Last-Event-ID a reconnecting browser sends, or else at the newest event (only what happens next). `follow=false` answers the events already there and ends. Needs asset:read on some team. The server ends open streams when it shuts down; the browser reconnects.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Answer events with a seq above this */
                    after?: number;
                    /** @description false: the events there now, then end */
                    follow?: boolean;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Server-sent events */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/event-stream": string;
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/jobs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List background jobs, newest first, with filters and cursor pagination */
        get: {
            parameters: {
                query?: {
                    status?: "queued" | "running" | "succeeded" | "failed" | "dead" | "cancelled";
                    queue?: string;
                    name?: string;
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["Job"][];
                            nextCursor?: string;
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/jobs/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Queue depth, running, failed and dead jobs per queue, with totals */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            queues: {
                                queue: string;
                                /** @description Waiting to run */
                                queued: number;
                                /** @description Leased by a worker now */
                                running: number;
                                succeeded: number;
                                /** @description Last attempt failed; a retry is scheduled */
                                failed: number;
                                /** @description Gave up (attempts used up or a permanent error); see lastError */
                                dead: number;
                                cancelled: number;
                            }[];
                            totals: {
                                /** @description Waiting to run */
                                queued: number;
                                /** @description Leased by a worker now */
                                running: number;
                                succeeded: number;
                                /** @description Last attempt failed; a retry is scheduled */
                                failed: number;
                                /** @description Gave up (attempts used up or a permanent error); see lastError */
                                dead: number;
                                cancelled: number;
                            };
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/jobs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One job with its status and last error */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Job id (UUIDv7) */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Job"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/jobs/{id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Run a dead, cancelled or failed job again now, with fresh attempts
         * @description CONFLICT when the job is queued, running or succeeded.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Job id (UUIDv7) */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Job"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/jobs/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel a queued, failed, running or dead job
         * @description A running job stops at its next lease renewal and writes no result. CONFLICT when it already succeeded or was cancelled.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Job id (UUIDv7) */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Job"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assets/{id}/enrichments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every enrichment of an asset version: renditions, palette, tags, hashes, embeddings, near-duplicates, family, job state */
        get: {
            parameters: {
                query?: {
                    version?: number;
                };
                header?: never;
                path: {
                    /** @description Asset id (UUIDv7) */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            assetId: string;
                            kind: string;
                            versionNumber: number;
                            /** @description Enrichers with no result yet (queued or not yet run) */
                            pending: string[];
                            results: {
                                [key: string]: unknown;
                            }[];
                            renditions: {
                                [key: string]: unknown;
                            }[];
                            /** @description A preview is stored or is made on its first request */
                            previewAvailable: boolean;
                            /** @description The 1024 px WebP preview; rendered on its first request, then kept */
                            previewUrl?: string;
                            /** @description Visual signals: size, alpha, transparent share, thumbhash placeholder */
                            signals?: {
                                [key: string]: unknown;
                            };
                            /** @description Duration, codec, size, frame rate */
                            video?: {
                                [key: string]: unknown;
                            };
                            palette: {
                                [key: string]: unknown;
                            }[];
                            tags: {
                                label: string;
                                /** @enum {string} */
                                category: "subject" | "style" | "medium" | "artist" | "brand" | "person" | "place" | "object" | "scene" | "moderation" | "other";
                                /**
                                 * @description Where the evidence came from: prompt (the prompt, whether or not the file name says it too), file-name (only the file name: weaker evidence), visual (a vision model), manual (a person), connector (the source system), objects (the object detector: COCO classes)
                                 * @enum {string}
                                 */
                                source: "prompt" | "file-name" | "visual" | "manual" | "connector" | "objects";
                                confidence: number;
                                /** @description The model (and its version) that produced the tag */
                                model: string;
                            }[];
                            /** @description 64-bit dHash/pHash (hex) of the whole image and of its inset */
                            hashes?: {
                                [key: string]: unknown;
                            };
                            embeddings: {
                                [key: string]: unknown;
                            }[];
                            nearDuplicates: {
                                [key: string]: unknown;
                            }[];
                            /** @description The variant family the asset belongs to */
                            family?: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assets/{id}/renditions/{role}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A rendition file (WebP): thumbnail, preview, poster or keyframe */
        get: {
            parameters: {
                query?: {
                    version?: number;
                    position?: number;
                    /** @description The channel the file is for (one of the organisation's, GET /api/v1/channels); default internal */
                    channel?: string;
                    /** @description ISO 3166-1 alpha-2 code of where it will be used */
                    region?: string;
                };
                header?: never;
                path: {
                    /** @description Asset id (UUIDv7) */
                    id: string;
                    role: "thumbnail" | "preview" | "poster" | "keyframe";
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/families": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Variant families, newest first */
        get: {
            parameters: {
                query?: {
                    state?: "suggested" | "confirmed";
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: components["schemas"]["Family"][];
                            nextCursor?: string;
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/families/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One family with its members */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Family"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/families/{id}/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Confirm a suggested family (all members, or the listed ones) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        assetIds?: string[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Family"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/families/{id}/split": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Split the listed members off into a new confirmed family */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        assetIds: string[];
                        /** Format: uuid */
                        canonical?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            from?: components["schemas"]["Family"];
                            created: components["schemas"]["Family"];
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/families/{id}/merge": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Merge another family into this one */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        sourceId: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Family"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/families/{id}/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Move an asset into this family (out of its current one, if any) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        assetId: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Family"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/families/{id}/members/{assetId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Take a member out (reject a suggestion); a family left with one member is dissolved */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    assetId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            family?: components["schemas"]["Family"];
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/families/{id}/canonical": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Set the canonical asset (the canonical rule decides who may be) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        assetId: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Family"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/families/{id}/deprecate-rest": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Deprecate every confirmed variant of a confirmed family, reported per asset */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            family: components["schemas"]["Family"];
                            items: {
                                assetId: string;
                                outcome: string;
                                reason?: string;
                            }[];
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/status": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What a sign-in page needs before anyone signs in: whether the first admin is still to be made, and whether single sign-on is offered */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description No admin exists yet: POST /api/v1/auth/setup with the token `provena serve` printed */
                            setupRequired: boolean;
                            /** @description GET /api/v1/auth/oidc/login signs in with the configured OpenID provider */
                            singleSignOn: boolean;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/setup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create the first admin with the one-time setup token `provena serve` printed (no sign-in needed)
         * @description Refused with CONFLICT once an admin exists, whatever the token; UNAUTHENTICATED for an unknown, used or expired token. Sign in afterwards with POST /api/v1/auth/login.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description pvb_…, from the server log */
                        setupToken: string;
                        username: string;
                        /** @description At least 12 characters */
                        password: string;
                        displayName?: string;
                        email?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            username: string;
                            displayName: string;
                            email?: string;
                            disabled: boolean;
                            /** @enum {string} */
                            source: "local" | "oidc";
                            createdAt: string;
                            /** @description Roles per team; admin applies everywhere */
                            memberships: {
                                /** @description A team id (GET /api/v1/teams), or "*" for every team */
                                teamId: string;
                                /** @enum {string} */
                                role: "admin" | "creator" | "reviewer" | "brand" | "legal" | "compliance" | "publisher" | "viewer";
                            }[];
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign in with a username and password: sets the HttpOnly session cookie and answers the CSRF token
         * @description Every later write signed in with the cookie sends `X-CSRF-Token: <csrfToken>` (also set as the `provena_csrf` cookie, which the site's own pages can read after a reload). One message for every failure (unknown user, wrong password, disabled account); after a few failures per username or address the next attempt waits (RATE_LIMITED with Retry-After).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        username: string;
                        password: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            user: {
                                id: string;
                                username: string;
                                displayName: string;
                                email?: string;
                                disabled: boolean;
                                /** @enum {string} */
                                source: "local" | "oidc";
                                createdAt: string;
                                /** @description Roles per team; admin applies everywhere */
                                memberships: {
                                    /** @description A team id (GET /api/v1/teams), or "*" for every team */
                                    teamId: string;
                                    /** @enum {string} */
                                    role: "admin" | "creator" | "reviewer" | "brand" | "legal" | "compliance" | "publisher" | "viewer";
                                }[];
                            };
                            /** @description Send as X-CSRF-Token with every cookie-authenticated write */
                            csrfToken: string;
                            /** @description When the session ends (sign in again then) */
                            expiresAt: string;
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign out: ends the session of the cookie and clears it (the CSRF token is needed as for any write)
         * @description Without a session, or with one that has already ended, only clears the cookie.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who am I: the signed-in account, its memberships, and what it may do globally and on each team */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            user: {
                                id: string;
                                username: string;
                                displayName: string;
                                email?: string;
                                disabled: boolean;
                                /** @enum {string} */
                                source: "local" | "oidc";
                                createdAt: string;
                                /** @description Roles per team; admin applies everywhere */
                                memberships: {
                                    /** @description A team id (GET /api/v1/teams), or "*" for every team */
                                    teamId: string;
                                    /** @enum {string} */
                                    role: "admin" | "creator" | "reviewer" | "brand" | "legal" | "compliance" | "publisher" | "viewer";
                                }[];
                            };
                            globalPermissions: ("asset:read" | "asset:create" | "asset:edit" | "asset:delete" | "asset:restore" | "asset:publish" | "asset:archive" | "asset:quarantine" | "family:manage" | "collection:manage" | "review:tier1" | "review:brand" | "review:legal" | "review:compliance" | "review:comment" | "policy:edit" | "brand:manage" | "brand:check" | "jobs:manage" | "audit:read" | "storage:maintain" | "users:manage" | "presets:manage" | "rights:edit" | "channels:manage" | "share:manage")[];
                            teams: {
                                /** @description A team id, or "*" for what applies on every team */
                                teamId: string;
                                teamName?: string;
                                roles: ("admin" | "creator" | "reviewer" | "brand" | "legal" | "compliance" | "publisher" | "viewer")[];
                                permissions: ("asset:read" | "asset:create" | "asset:edit" | "asset:delete" | "asset:restore" | "asset:publish" | "asset:archive" | "asset:quarantine" | "family:manage" | "collection:manage" | "review:tier1" | "review:brand" | "review:legal" | "review:compliance" | "review:comment" | "policy:edit" | "brand:manage" | "brand:check" | "jobs:manage" | "audit:read" | "storage:maintain" | "users:manage" | "presets:manage" | "rights:edit" | "channels:manage" | "share:manage")[];
                            }[];
                            /** @description Set when an API token authenticated the request */
                            scopes?: ("read" | "write" | "review" | "publish" | "admin")[];
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List accounts by username, with cursor pagination (users:manage) */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                id: string;
                                username: string;
                                displayName: string;
                                email?: string;
                                disabled: boolean;
                                /** @enum {string} */
                                source: "local" | "oidc";
                                createdAt: string;
                                /** @description Roles per team; admin applies everywhere */
                                memberships: {
                                    /** @description A team id (GET /api/v1/teams), or "*" for every team */
                                    teamId: string;
                                    /** @enum {string} */
                                    role: "admin" | "creator" | "reviewer" | "brand" | "legal" | "compliance" | "publisher" | "viewer";
                                }[];
                            }[];
                            nextCursor?: string;
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Create an account (users:manage)
         * @description Without a password the account signs in through OpenID Connect only, or gets one later. VALIDATION_FAILED names every problem: a taken or malformed username, a short password, an unknown team or role.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        username: string;
                        /** @description At least 12 characters */
                        password?: string;
                        displayName?: string;
                        email?: string;
                        memberships?: {
                            /** @description A team id (GET /api/v1/teams), or "*" for every team */
                            teamId: string;
                            /** @enum {string} */
                            role: "admin" | "creator" | "reviewer" | "brand" | "legal" | "compliance" | "publisher" | "viewer";
                        }[];
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            username: string;
                            displayName: string;
                            email?: string;
                            disabled: boolean;
                            /** @enum {string} */
                            source: "local" | "oidc";
                            createdAt: string;
                            /** @description Roles per team; admin applies everywhere */
                            memberships: {
                                /** @description A team id (GET /api/v1/teams), or "*" for every team */
                                teamId: string;
                                /** @enum {string} */
                                role: "admin" | "creator" | "reviewer" | "brand" | "legal" | "compliance" | "publisher" | "viewer";
                            }[];
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{user}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One account with its memberships (your own, or anyone with users:manage) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description User id or username */
                    user: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            username: string;
                            displayName: string;
                            email?: string;
                            disabled: boolean;
                            /** @enum {string} */
                            source: "local" | "oidc";
                            createdAt: string;
                            /** @description Roles per team; admin applies everywhere */
                            memberships: {
                                /** @description A team id (GET /api/v1/teams), or "*" for every team */
                                teamId: string;
                                /** @enum {string} */
                                role: "admin" | "creator" | "reviewer" | "brand" | "legal" | "compliance" | "publisher" | "viewer";
                            }[];
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change the display name or email, disable or enable the account (users:manage)
         * @description Disabling signs the account out everywhere; its API tokens stop working while it is disabled. You cannot disable yourself (CONFLICT).
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description User id or username */
                    user: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        displayName?: string;
                        /** @description null removes it */
                        email?: null | string;
                        disabled?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            username: string;
                            displayName: string;
                            email?: string;
                            disabled: boolean;
                            /** @enum {string} */
                            source: "local" | "oidc";
                            createdAt: string;
                            /** @description Roles per team; admin applies everywhere */
                            memberships: {
                                /** @description A team id (GET /api/v1/teams), or "*" for every team */
                                teamId: string;
                                /** @enum {string} */
                                role: "admin" | "creator" | "reviewer" | "brand" | "legal" | "compliance" | "publisher" | "viewer";
                            }[];
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/users/{user}/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Set a password: your own (with your current one), or anyone's with users:manage
         * @description Every session of the account is signed out.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description User id or username */
                    user: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description At least 12 characters */
                        password: string;
                        currentPassword?: string;
                    };
                };
            };
            responses: {
                /** @description No content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{user}/memberships": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Give the account a role on a team, or on every team (users:manage) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description User id or username */
                    user: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description A team id (GET /api/v1/teams), or "*" for every team */
                        teamId: string;
                        /** @enum {string} */
                        role: "admin" | "creator" | "reviewer" | "brand" | "legal" | "compliance" | "publisher" | "viewer";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            username: string;
                            displayName: string;
                            email?: string;
                            disabled: boolean;
                            /** @enum {string} */
                            source: "local" | "oidc";
                            createdAt: string;
                            /** @description Roles per team; admin applies everywhere */
                            memberships: {
                                /** @description A team id (GET /api/v1/teams), or "*" for every team */
                                teamId: string;
                                /** @enum {string} */
                                role: "admin" | "creator" | "reviewer" | "brand" | "legal" | "compliance" | "publisher" | "viewer";
                            }[];
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{user}/memberships/{teamId}/{role}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Take a role on a team away (users:manage); the last admin keeps theirs (CONFLICT) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description User id or username */
                    user: string;
                    /** @description A team id (GET /api/v1/teams), or "*" for every team */
                    teamId: string;
                    role: "admin" | "creator" | "reviewer" | "brand" | "legal" | "compliance" | "publisher" | "viewer";
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            username: string;
                            displayName: string;
                            email?: string;
                            disabled: boolean;
                            /** @enum {string} */
                            source: "local" | "oidc";
                            createdAt: string;
                            /** @description Roles per team; admin applies everywhere */
                            memberships: {
                                /** @description A team id (GET /api/v1/teams), or "*" for every team */
                                teamId: string;
                                /** @enum {string} */
                                role: "admin" | "creator" | "reviewer" | "brand" | "legal" | "compliance" | "publisher" | "viewer";
                            }[];
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{user}/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The account's sessions, newest first (your own, or anyone's with users:manage) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description User id or username */
                    user: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                id: string;
                                createdAt: string;
                                expiresAt: string;
                                lastSeenAt: string;
                                revokedAt?: string;
                                userAgent?: string;
                                clientIp?: string;
                            }[];
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Sign the account out everywhere (your own, or anyone with users:manage) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description User id or username */
                    user: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Sessions ended */
                            revoked: number;
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{user}/sessions/{sessionId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** End one session of the account (your own, or anyone with users:manage) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description User id or username */
                    user: string;
                    sessionId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/teams": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every team, by name (anyone holding a role, or users:manage) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                id: string;
                                slug: string;
                                name: string;
                            }[];
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        /** Create a team (users:manage); a team of the same name (ignoring case and punctuation) is answered as is */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            slug: string;
                            name: string;
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/teams/{team}/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A team's members and their roles there (members of the team, or users:manage)
         * @description One entry per role held on this team; roles held on every team are not repeated here (GET /api/v1/users shows them).
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description Team id or name */
                    team: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            team: {
                                id: string;
                                slug: string;
                                name: string;
                            };
                            items: {
                                user: {
                                    id: string;
                                    username: string;
                                    displayName: string;
                                    disabled: boolean;
                                };
                                /** @enum {string} */
                                role: "admin" | "creator" | "reviewer" | "brand" | "legal" | "compliance" | "publisher" | "viewer";
                            }[];
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Your API tokens, or another user's with users:manage (never their secrets) */
        get: {
            parameters: {
                query?: {
                    /** @description User id or username (default: yourself) */
                    user?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                id: string;
                                userId: string;
                                name: string;
                                scopes: ("read" | "write" | "review" | "publish" | "admin")[];
                                createdAt: string;
                                expiresAt?: string;
                                lastUsedAt?: string;
                                revokedAt?: string;
                            }[];
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Create an API token (for yourself; for another user with users:manage). The secret is shown once.
         * @description Scopes narrow what the account's roles grant, never widen them: read (asset:read, audit:read), write (ingest, edit, delete, families, comments), review (sign-offs), publish (publish, archive), admin (the rest). Send it as `Authorization: Bearer pvt_…`; never in a URL.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description What the token is for (a CI job, a script) */
                        name: string;
                        scopes: ("read" | "write" | "review" | "publish" | "admin")[];
                        /**
                         * @description Days until it expires
                         * @default 90
                         */
                        expiresInDays?: number;
                        /** @description User id or username (default: yourself) */
                        user?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            token: {
                                id: string;
                                userId: string;
                                name: string;
                                scopes: ("read" | "write" | "review" | "publish" | "admin")[];
                                createdAt: string;
                                expiresAt?: string;
                                lastUsedAt?: string;
                                revokedAt?: string;
                            };
                            /** @description pvt_…: shown this once, keep it like a password */
                            secret: string;
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tokens/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an API token (your own, or anyone's with users:manage); revoking twice answers the same */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            userId: string;
                            name: string;
                            scopes: ("read" | "write" | "review" | "publish" | "admin")[];
                            createdAt: string;
                            expiresAt?: string;
                            lastUsedAt?: string;
                            revokedAt?: string;
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/roles": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The roles and what each may do (anyone signed in) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            roles: {
                                /** @enum {string} */
                                role: "admin" | "creator" | "reviewer" | "brand" | "legal" | "compliance" | "publisher" | "viewer";
                                permissions: ("asset:read" | "asset:create" | "asset:edit" | "asset:delete" | "asset:restore" | "asset:publish" | "asset:archive" | "asset:quarantine" | "family:manage" | "collection:manage" | "review:tier1" | "review:brand" | "review:legal" | "review:compliance" | "review:comment" | "policy:edit" | "brand:manage" | "brand:check" | "jobs:manage" | "audit:read" | "storage:maintain" | "users:manage" | "presets:manage" | "rights:edit" | "channels:manage" | "share:manage")[];
                            }[];
                            permissions: {
                                /** @enum {string} */
                                permission: "asset:read" | "asset:create" | "asset:edit" | "asset:delete" | "asset:restore" | "asset:publish" | "asset:archive" | "asset:quarantine" | "family:manage" | "collection:manage" | "review:tier1" | "review:brand" | "review:legal" | "review:compliance" | "review:comment" | "policy:edit" | "brand:manage" | "brand:check" | "jobs:manage" | "audit:read" | "storage:maintain" | "users:manage" | "presets:manage" | "rights:edit" | "channels:manage" | "share:manage";
                                description: string;
                                /** @description Holds on the team the role is held on (else everywhere); admin's hold on every team */
                                teamScoped: boolean;
                            }[];
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/oidc/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Single sign-on: redirects the browser to the OpenID Connect provider
         * @description Starts a login (authorisation code flow with PKCE, state and nonce), kept in a sealed HttpOnly cookie for ten minutes, and redirects to the provider. `returnTo` is where the browser goes once signed in: a path on this server only (anything else is replaced by `/`).
         */
        get: {
            parameters: {
                query?: {
                    /** @description A path on this server, e.g. /assets */
                    returnTo?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description To the provider (303 See Other, the Location header says where) */
                303: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/oidc/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Single sign-on: where the provider sends the browser back; signs in and redirects to the return path
         * @description Checks that the answer belongs to the login this browser started (state), exchanges the code, verifies the ID token and signs in (an account is linked, taken over or created as configured; memberships set from the mapped groups claim). Sets the HttpOnly session cookie and the `provena_csrf` cookie (readable by this site's pages: its value is the X-CSRF-Token every cookie-authenticated write sends), then redirects to the return path. OIDC_SIGN_IN_FAILED (400) names the provider's error code, or what did not verify; UNAUTHENTICATED (401) for a disabled account, or one that may not be created.
         */
        get: {
            parameters: {
                query?: {
                    code?: string;
                    state?: string;
                    iss?: string;
                    error?: string;
                    error_description?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description To the return path (303 See Other, the Location header says where) */
                303: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/policies/risk": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The risk policy in force, with its version */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Version 0 is the default shipped with Provena, in force until one is stored */
                            version: number;
                            createdAt: string;
                            /** @description Who stored it (actor label) */
                            createdBy: string;
                            note?: string;
                            /** @description A risk policy document: {defaultTier, rules: [{id, description?, when: {…conditions}, tier}]}. The asset takes the highest tier of the rules whose every condition holds (a list means "any of"), or defaultTier; docs/risk-policy.md describes every condition. Sent as JSON (application/json) or YAML (application/yaml); every problem (a syntax error with its line and column, an unknown field, a bad value) is one VALIDATION_FAILED naming its path, e.g. rules[2].when.kind[0]. */
                            policy: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        /**
         * Store a new version of the risk policy (policy:edit)
         * @description Stores the document as the next version and, in the same transaction, queues the re-derivation of the tier of every asset not yet approved (a background job, in batches). Nothing is stored when the document has a problem.
         */
        put: {
            parameters: {
                query?: {
                    /** @description Why the policy changes (kept with it) */
                    note?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            /** @description A risk policy document: {defaultTier, rules: [{id, description?, when: {…conditions}, tier}]}. The asset takes the highest tier of the rules whose every condition holds (a list means "any of"), or defaultTier; docs/risk-policy.md describes every condition. Sent as JSON (application/json) or YAML (application/yaml); every problem (a syntax error with its line and column, an unknown field, a bad value) is one VALIDATION_FAILED naming its path, e.g. rules[2].when.kind[0]. */
            requestBody?: {
                content: {
                    "application/json": unknown;
                    "application/yaml": unknown;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Version 0 is the default shipped with Provena, in force until one is stored */
                            version: number;
                            createdAt: string;
                            /** @description Who stored it (actor label) */
                            createdBy: string;
                            note?: string;
                            /** @description A risk policy document: {defaultTier, rules: [{id, description?, when: {…conditions}, tier}]}. The asset takes the highest tier of the rules whose every condition holds (a list means "any of"), or defaultTier; docs/risk-policy.md describes every condition. Sent as JSON (application/json) or YAML (application/yaml); every problem (a syntax error with its line and column, an unknown field, a bad value) is one VALIDATION_FAILED naming its path, e.g. rules[2].when.kind[0]. */
                            policy: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/policies/risk/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every version of the risk policy, newest first (version 0: the shipped default) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                /** @description Version 0 is the default shipped with Provena, in force until one is stored */
                                version: number;
                                createdAt: string;
                                /** @description Who stored it (actor label) */
                                createdBy: string;
                                note?: string;
                            }[];
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/policies/risk/versions/{n}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One version of the risk policy */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The version number */
                    n: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Version 0 is the default shipped with Provena, in force until one is stored */
                            version: number;
                            createdAt: string;
                            /** @description Who stored it (actor label) */
                            createdBy: string;
                            note?: string;
                            /** @description A risk policy document: {defaultTier, rules: [{id, description?, when: {…conditions}, tier}]}. The asset takes the highest tier of the rules whose every condition holds (a list means "any of"), or defaultTier; docs/risk-policy.md describes every condition. Sent as JSON (application/json) or YAML (application/yaml); every problem (a syntax error with its line and column, an unknown field, a bad value) is one VALIDATION_FAILED naming its path, e.g. rules[2].when.kind[0]. */
                            policy: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/policies/risk/preview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** What a policy document would change, without storing it (policy:edit) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            /** @description A risk policy document: {defaultTier, rules: [{id, description?, when: {…conditions}, tier}]}. The asset takes the highest tier of the rules whose every condition holds (a list means "any of"), or defaultTier; docs/risk-policy.md describes every condition. Sent as JSON (application/json) or YAML (application/yaml); every problem (a syntax error with its line and column, an unknown field, a bad value) is one VALIDATION_FAILED naming its path, e.g. rules[2].when.kind[0]. */
            requestBody?: {
                content: {
                    "application/json": unknown;
                    "application/yaml": unknown;
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Assets not yet decided that were looked at */
                            examined: number;
                            /** @description How many of them would get another tier or rule */
                            changes: number;
                            /** @description "from→to" tier (from "none": not derived yet) → how many */
                            byTier: {
                                [key: string]: number;
                            };
                            /** @description A few of them, among the assets the caller may read */
                            examples: {
                                assetId: string;
                                title: string;
                                status: string;
                                from: {
                                    tier?: number;
                                    rule?: string;
                                };
                                to: {
                                    tier: number;
                                    rule?: string;
                                };
                            }[];
                            /** @description More assets were waiting than a preview looks at (10,000) */
                            truncated: boolean;
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/review/queue": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Assets in review the caller could sign off, oldest in review first */
        get: {
            parameters: {
                query?: {
                    /** @description risk tier: 1 one reviewer, 2 brand, 3 legal and compliance */
                    tier?: number;
                    role?: "reviewer" | "brand" | "legal" | "compliance";
                    team?: string;
                    campaign?: string;
                    claim?: "claimed" | "unclaimed" | "mine";
                    flagged?: boolean;
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                assetId: string;
                                title: string;
                                /** @enum {string} */
                                status: "draft" | "enriching" | "brand_check" | "in_review" | "approved" | "changes_requested" | "rejected" | "published" | "archived" | "quarantined" | "deprecated";
                                tier: number;
                                teamId?: string;
                                campaignId?: string;
                                currentVersion: number;
                                enteredReviewAt: string;
                                /** @description the sign-offs the caller could give */
                                roles: ("reviewer" | "brand" | "legal" | "compliance")[];
                                claim?: {
                                    assetId: string;
                                    claimantId: string;
                                    claimantUsername: string;
                                    claimedAt: string;
                                    expiresAt: string;
                                };
                                flags: ("near-duplicate-of-approved" | "family-candidates")[];
                            }[];
                            nextCursor?: string;
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/review/counts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** How many assets wait for the caller, per tier and per review role they hold */
        get: {
            parameters: {
                query?: {
                    team?: string;
                    campaign?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            total: number;
                            byTier: {
                                1: number;
                                2: number;
                                3: number;
                            };
                            byRole: {
                                reviewer?: number;
                                brand?: number;
                                legal?: number;
                                compliance?: number;
                            };
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assets/{id}/review": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An asset's review: tier, sign-offs on the current version, missing roles, claim, flags */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            assetId: string;
                            /** @enum {string} */
                            status: "draft" | "enriching" | "brand_check" | "in_review" | "approved" | "changes_requested" | "rejected" | "published" | "archived" | "quarantined" | "deprecated";
                            tier: number;
                            required: ("reviewer" | "brand" | "legal" | "compliance")[];
                            version: number;
                            signOffs: {
                                id: string;
                                assetId: string;
                                versionNumber: number;
                                /** @enum {string} */
                                role: "reviewer" | "brand" | "legal" | "compliance";
                                /** @enum {string} */
                                decision: "approve" | "request-changes" | "reject";
                                reason?: string;
                                reviewerId: string;
                                reviewerUsername: string;
                                at: string;
                            }[];
                            /** @description sign-offs of earlier versions, which no longer count */
                            earlierSignOffs: number;
                            missing: ("reviewer" | "brand" | "legal" | "compliance")[];
                            canSignAs: ("reviewer" | "brand" | "legal" | "compliance")[];
                            claim?: {
                                assetId: string;
                                claimantId: string;
                                claimantUsername: string;
                                claimedAt: string;
                                expiresAt: string;
                            };
                            flags: ("near-duplicate-of-approved" | "family-candidates")[];
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assets/{id}/review/claim": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Claim an asset in review for a while (409 naming who holds it otherwise) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            assetId: string;
                            claimantId: string;
                            claimantUsername: string;
                            claimedAt: string;
                            expiresAt: string;
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        /** Release a claim */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            released: boolean;
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assets/{id}/review/decisions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign off the current version: approve, request changes or reject (with a reason) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        decision: "approve" | "request-changes" | "reject";
                        reason?: string;
                        /** @enum {string} */
                        role?: "reviewer" | "brand" | "legal" | "compliance";
                        /** @description the version reviewed (409 when no longer current) */
                        version?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            assetId: string;
                            version: number;
                            tier: number;
                            signOff: {
                                id: string;
                                assetId: string;
                                versionNumber: number;
                                /** @enum {string} */
                                role: "reviewer" | "brand" | "legal" | "compliance";
                                /** @enum {string} */
                                decision: "approve" | "request-changes" | "reject";
                                reason?: string;
                                reviewerId: string;
                                reviewerUsername: string;
                                at: string;
                            };
                            missing: ("reviewer" | "brand" | "legal" | "compliance")[];
                            transition?: {
                                name: string;
                                /** @enum {string} */
                                from: "draft" | "enriching" | "brand_check" | "in_review" | "approved" | "changes_requested" | "rejected" | "published" | "archived" | "quarantined" | "deprecated";
                                /** @enum {string} */
                                to: "draft" | "enriching" | "brand_check" | "in_review" | "approved" | "changes_requested" | "rejected" | "published" | "archived" | "quarantined" | "deprecated";
                            };
                            /** @enum {string} */
                            status: "draft" | "enriching" | "brand_check" | "in_review" | "approved" | "changes_requested" | "rejected" | "published" | "archived" | "quarantined" | "deprecated";
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assets/{id}/comments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Comments on an asset (one version with ?version=), oldest first */
        get: {
            parameters: {
                query?: {
                    version?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                id: string;
                                assetId: string;
                                versionNumber: number;
                                authorId?: string;
                                author: string;
                                body: string;
                                /** @description a rectangle on the picture in fractions of its width and height (x + w and y + h at most 1) */
                                region?: {
                                    x: number;
                                    y: number;
                                    w: number;
                                    h: number;
                                };
                                createdAt: string;
                            }[];
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        /** Comment on a version (default: the current one), optionally on a region of the picture */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        body: string;
                        /** @description a rectangle on the picture in fractions of its width and height (x + w and y + h at most 1) */
                        region?: {
                            x: number;
                            y: number;
                            w: number;
                            h: number;
                        };
                        version?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            assetId: string;
                            versionNumber: number;
                            authorId?: string;
                            author: string;
                            body: string;
                            /** @description a rectangle on the picture in fractions of its width and height (x + w and y + h at most 1) */
                            region?: {
                                x: number;
                                y: number;
                                w: number;
                                h: number;
                            };
                            createdAt: string;
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/families/{id}/review": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Approve a confirmed family's canonical asset (as the caller's sign-off) and deprecate the rest */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        reason?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            familyId: string;
                            canonicalAssetId: string;
                            items: {
                                assetId: string;
                                /** @enum {string} */
                                role: "canonical" | "variant";
                                /** @description approved | signed-off | already-approved | failed | deprecated | skipped */
                                outcome: string;
                                missing?: ("reviewer" | "brand" | "legal" | "compliance")[];
                                reason?: string;
                                error?: {
                                    code: string;
                                    message: string;
                                };
                            }[];
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/brands/{brand}/guidelines": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every version of the brand's guideline, newest first */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The brand id or slug */
                    brand: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                brandId: string;
                                version: number;
                                /** @description SHA-256 of the canonical document */
                                digest: string;
                                note?: string;
                                createdAt: string;
                                createdBy: string;
                            }[];
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Import the next version of the brand's guideline (brand:manage)
         * @description Stores the document as the next version. When rules were added, changed or removed (or the teams and campaigns it applies to changed), the brand’s checked assets are re-checked in the background — only the changed rules are evaluated again — and an asset whose verdict changed is flagged for re-review. Nothing is stored when the document has a problem.
         */
        post: {
            parameters: {
                query?: {
                    /** @description Why the guideline changes */
                    note?: string;
                };
                header?: never;
                path: {
                    /** @description The brand id or slug */
                    brand: string;
                };
                cookie?: never;
            };
            /** @description A brand guideline document: {brand: {name, spellings?}, appliesTo?: {teams?, campaigns?}, rules: [{id, type, severity?, weight?, description?, …the fields of its type}]}. Rule types: palette, logo, text, prompt, people, channel-format, moderation. Sent as JSON (application/json) or YAML (application/yaml); every problem (a syntax error with its line and column, an unknown rule type or field, ΔE outside 0–100, overlapping or out-of-frame zones, an empty palette, a logo never uploaded) is one VALIDATION_FAILED naming its path, e.g. rules[2].zones[1].x. */
            requestBody?: {
                content: {
                    "application/json": unknown;
                    "application/yaml": unknown;
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            brandId: string;
                            version: number;
                            /** @description SHA-256 of the canonical document */
                            digest: string;
                            note?: string;
                            createdAt: string;
                            createdBy: string;
                            /** @description A brand guideline document: {brand: {name, spellings?}, appliesTo?: {teams?, campaigns?}, rules: [{id, type, severity?, weight?, description?, …the fields of its type}]}. Rule types: palette, logo, text, prompt, people, channel-format, moderation. Sent as JSON (application/json) or YAML (application/yaml); every problem (a syntax error with its line and column, an unknown rule type or field, ΔE outside 0–100, overlapping or out-of-frame zones, an empty palette, a logo never uploaded) is one VALIDATION_FAILED naming its path, e.g. rules[2].zones[1].x. */
                            guideline: {
                                [key: string]: unknown;
                            };
                            changes?: {
                                added: string[];
                                removed: string[];
                                changed: string[];
                                unchanged: string[];
                                reworded: string[];
                                appliesToChanged: boolean;
                            };
                            recheckQueued: boolean;
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/brands": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every brand, with its newest guideline version and logos */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                id: string;
                                slug: string;
                                name: string;
                                createdAt: string;
                                createdBy: string;
                                /** @description The newest guideline version, once one was imported */
                                latestVersion?: number;
                                logos: {
                                    id: string;
                                    /** @description What logo rules call it (logo.id) */
                                    name: string;
                                    sha256: string;
                                    size: number;
                                    mediaType: string;
                                    width: number;
                                    height: number;
                                    createdAt: string;
                                    createdBy: string;
                                }[];
                            }[];
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        /** Create a brand (brand:manage) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            slug: string;
                            name: string;
                            createdAt: string;
                            createdBy: string;
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/brands/{brand}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One brand */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The brand id or slug */
                    brand: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            slug: string;
                            name: string;
                            createdAt: string;
                            createdBy: string;
                            /** @description The newest guideline version, once one was imported */
                            latestVersion?: number;
                            logos: {
                                id: string;
                                /** @description What logo rules call it (logo.id) */
                                name: string;
                                sha256: string;
                                size: number;
                                mediaType: string;
                                width: number;
                                height: number;
                                createdAt: string;
                                createdBy: string;
                            }[];
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/brands/{brand}/guidelines/{n}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One guideline version */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The brand id or slug */
                    brand: string;
                    n: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            brandId: string;
                            version: number;
                            /** @description SHA-256 of the canonical document */
                            digest: string;
                            note?: string;
                            createdAt: string;
                            createdBy: string;
                            /** @description A brand guideline document: {brand: {name, spellings?}, appliesTo?: {teams?, campaigns?}, rules: [{id, type, severity?, weight?, description?, …the fields of its type}]}. Rule types: palette, logo, text, prompt, people, channel-format, moderation. Sent as JSON (application/json) or YAML (application/yaml); every problem (a syntax error with its line and column, an unknown rule type or field, ΔE outside 0–100, overlapping or out-of-frame zones, an empty palette, a logo never uploaded) is one VALIDATION_FAILED naming its path, e.g. rules[2].zones[1].x. */
                            guideline: {
                                [key: string]: unknown;
                            };
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/brands/{brand}/guidelines/{n}/changes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What a guideline version changed, rule by rule, and the assets its re-check flagged for re-review
         * @description changes: the rule ids added, removed, changed (their digest moved: re-run on every checked asset), unchanged and only reworded since the version before (absent for the first). rechecked: the results its re-check wrote so far. flagged: the assets whose verdict it changed (of the teams whose assets the caller may read; at most 200).
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The brand id or slug */
                    brand: string;
                    n: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            version: number;
                            previousVersion?: number;
                            changes?: {
                                added: string[];
                                removed: string[];
                                changed: string[];
                                unchanged: string[];
                                reworded: string[];
                                appliesToChanged: boolean;
                            };
                            rechecked: number;
                            flagged: {
                                assetId: string;
                                title: string;
                                versionNumber: number;
                                /** @enum {string} */
                                verdict: "pass" | "warn" | "fail";
                                /** @enum {string} */
                                previousVerdict: "pass" | "warn" | "fail";
                                checkedAt: string;
                                /** @description Still waiting for its re-review */
                                stillFlagged: boolean;
                            }[];
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/brands/{brand}/guideline": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A guideline version as a document to edit and import again (JSON or YAML) */
        get: {
            parameters: {
                query?: {
                    /** @description Default: the newest */
                    version?: number;
                    format?: "json" | "yaml";
                };
                header?: never;
                path: {
                    /** @description The brand id or slug */
                    brand: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The document */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": string;
                        "application/yaml": string;
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                        "application/yaml": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                        "application/yaml": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                        "application/yaml": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                        "application/yaml": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                        "application/yaml": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/brands/{brand}/logos": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Upload a reference logo (brand:manage)
         * @description multipart/form-data: a field "name" (lowercase letters, digits and dashes: what logo rules call it) and the image in a part named "file" (PNG, JPEG, WebP, GIF, TIFF or SVG, at most 5 MB).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The brand id or slug */
                    brand: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            /** @description What logo rules call it (logo.id) */
                            name: string;
                            sha256: string;
                            size: number;
                            mediaType: string;
                            width: number;
                            height: number;
                            createdAt: string;
                            createdBy: string;
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/brands/{brand}/logos/{name}/file": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A reference logo as uploaded (raster images inline; SVG as a download, never run from this origin) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The brand id or slug */
                    brand: string;
                    /** @description The logo name (what logo rules call it) */
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The logo file */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": unknown;
                    };
                };
                /** @description Not modified: the ETag (the SHA-256) still matches */
                304: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assets/{id}/brand-check": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An asset's brand checks: the latest result per brand, the history, and a re-review flag */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            assetId: string;
                            /** @description The latest result per brand */
                            current: {
                                id: string;
                                assetId: string;
                                versionNumber: number;
                                brandId: string;
                                guidelineVersion: number;
                                results: {
                                    ruleId: string;
                                    /** @enum {string} */
                                    type: "palette" | "logo" | "text" | "prompt" | "people" | "channel-format" | "moderation";
                                    /** @enum {string} */
                                    severity: "fail" | "warn";
                                    weight: number;
                                    /** @enum {string} */
                                    outcome: "pass" | "warn" | "fail" | "not-applicable";
                                    /** @description One sentence a brand manager reads */
                                    reason: string;
                                    /** @description What the outcome rests on, by rule type: off-palette share and the colours responsible; logo boxes, scales and scores; matched words with their boxes or offsets; prompt spans; faces; channel sizes; moderation scores over their thresholds */
                                    evidence?: {
                                        /** @enum {string} */
                                        type: "palette" | "logo" | "text" | "prompt" | "people" | "channel-format" | "moderation";
                                    } & {
                                        [key: string]: unknown;
                                    };
                                    ruleDigest: string;
                                }[];
                                /** @description The weighted share of applicable rules passed, 0–100 */
                                score: number;
                                /** @enum {string} */
                                verdict: "pass" | "warn" | "fail";
                                /** @enum {string} */
                                cause: "workflow" | "requested" | "guideline-changed";
                                /** @description The asset's latest result for this brand */
                                current: boolean;
                                checkedAt: string;
                                checkedBy: string;
                            }[];
                            /** @description Every result, newest first */
                            history: {
                                id: string;
                                assetId: string;
                                versionNumber: number;
                                brandId: string;
                                guidelineVersion: number;
                                results: {
                                    ruleId: string;
                                    /** @enum {string} */
                                    type: "palette" | "logo" | "text" | "prompt" | "people" | "channel-format" | "moderation";
                                    /** @enum {string} */
                                    severity: "fail" | "warn";
                                    weight: number;
                                    /** @enum {string} */
                                    outcome: "pass" | "warn" | "fail" | "not-applicable";
                                    /** @description One sentence a brand manager reads */
                                    reason: string;
                                    /** @description What the outcome rests on, by rule type: off-palette share and the colours responsible; logo boxes, scales and scores; matched words with their boxes or offsets; prompt spans; faces; channel sizes; moderation scores over their thresholds */
                                    evidence?: {
                                        /** @enum {string} */
                                        type: "palette" | "logo" | "text" | "prompt" | "people" | "channel-format" | "moderation";
                                    } & {
                                        [key: string]: unknown;
                                    };
                                    ruleDigest: string;
                                }[];
                                /** @description The weighted share of applicable rules passed, 0–100 */
                                score: number;
                                /** @enum {string} */
                                verdict: "pass" | "warn" | "fail";
                                /** @enum {string} */
                                cause: "workflow" | "requested" | "guideline-changed";
                                /** @description The asset's latest result for this brand */
                                current: boolean;
                                checkedAt: string;
                                checkedBy: string;
                            }[];
                            /** @description A new guideline version changed the verdict: the new and the previous result side by side */
                            rereview?: {
                                brandId: string;
                                flaggedAt: string;
                                check: {
                                    id: string;
                                    assetId: string;
                                    versionNumber: number;
                                    brandId: string;
                                    guidelineVersion: number;
                                    results: {
                                        ruleId: string;
                                        /** @enum {string} */
                                        type: "palette" | "logo" | "text" | "prompt" | "people" | "channel-format" | "moderation";
                                        /** @enum {string} */
                                        severity: "fail" | "warn";
                                        weight: number;
                                        /** @enum {string} */
                                        outcome: "pass" | "warn" | "fail" | "not-applicable";
                                        /** @description One sentence a brand manager reads */
                                        reason: string;
                                        /** @description What the outcome rests on, by rule type: off-palette share and the colours responsible; logo boxes, scales and scores; matched words with their boxes or offsets; prompt spans; faces; channel sizes; moderation scores over their thresholds */
                                        evidence?: {
                                            /** @enum {string} */
                                            type: "palette" | "logo" | "text" | "prompt" | "people" | "channel-format" | "moderation";
                                        } & {
                                            [key: string]: unknown;
                                        };
                                        ruleDigest: string;
                                    }[];
                                    /** @description The weighted share of applicable rules passed, 0–100 */
                                    score: number;
                                    /** @enum {string} */
                                    verdict: "pass" | "warn" | "fail";
                                    /** @enum {string} */
                                    cause: "workflow" | "requested" | "guideline-changed";
                                    /** @description The asset's latest result for this brand */
                                    current: boolean;
                                    checkedAt: string;
                                    checkedBy: string;
                                };
                                previous: {
                                    id: string;
                                    assetId: string;
                                    versionNumber: number;
                                    brandId: string;
                                    guidelineVersion: number;
                                    results: {
                                        ruleId: string;
                                        /** @enum {string} */
                                        type: "palette" | "logo" | "text" | "prompt" | "people" | "channel-format" | "moderation";
                                        /** @enum {string} */
                                        severity: "fail" | "warn";
                                        weight: number;
                                        /** @enum {string} */
                                        outcome: "pass" | "warn" | "fail" | "not-applicable";
                                        /** @description One sentence a brand manager reads */
                                        reason: string;
                                        /** @description What the outcome rests on, by rule type: off-palette share and the colours responsible; logo boxes, scales and scores; matched words with their boxes or offsets; prompt spans; faces; channel sizes; moderation scores over their thresholds */
                                        evidence?: {
                                            /** @enum {string} */
                                            type: "palette" | "logo" | "text" | "prompt" | "people" | "channel-format" | "moderation";
                                        } & {
                                            [key: string]: unknown;
                                        };
                                        ruleDigest: string;
                                    }[];
                                    /** @description The weighted share of applicable rules passed, 0–100 */
                                    score: number;
                                    /** @enum {string} */
                                    verdict: "pass" | "warn" | "fail";
                                    /** @enum {string} */
                                    cause: "workflow" | "requested" | "guideline-changed";
                                    /** @description The asset's latest result for this brand */
                                    current: boolean;
                                    checkedAt: string;
                                    checkedBy: string;
                                };
                            };
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        /** Check the asset's current version now against every guideline that applies (brand:check) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description One result per brand; none when no guideline applies */
                            items: {
                                id: string;
                                assetId: string;
                                versionNumber: number;
                                brandId: string;
                                guidelineVersion: number;
                                results: {
                                    ruleId: string;
                                    /** @enum {string} */
                                    type: "palette" | "logo" | "text" | "prompt" | "people" | "channel-format" | "moderation";
                                    /** @enum {string} */
                                    severity: "fail" | "warn";
                                    weight: number;
                                    /** @enum {string} */
                                    outcome: "pass" | "warn" | "fail" | "not-applicable";
                                    /** @description One sentence a brand manager reads */
                                    reason: string;
                                    /** @description What the outcome rests on, by rule type: off-palette share and the colours responsible; logo boxes, scales and scores; matched words with their boxes or offsets; prompt spans; faces; channel sizes; moderation scores over their thresholds */
                                    evidence?: {
                                        /** @enum {string} */
                                        type: "palette" | "logo" | "text" | "prompt" | "people" | "channel-format" | "moderation";
                                    } & {
                                        [key: string]: unknown;
                                    };
                                    ruleDigest: string;
                                }[];
                                /** @description The weighted share of applicable rules passed, 0–100 */
                                score: number;
                                /** @enum {string} */
                                verdict: "pass" | "warn" | "fail";
                                /** @enum {string} */
                                cause: "workflow" | "requested" | "guideline-changed";
                                /** @description The asset's latest result for this brand */
                                current: boolean;
                                checkedAt: string;
                                checkedBy: string;
                            }[];
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assets/{id}/brand-check/rereview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Clear the asset's re-review flag once looked at (brand:check) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/collections": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's collections and those shared with their teams, newest first */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                id: string;
                                name: string;
                                description?: string;
                                team: {
                                    id: string;
                                    slug: string;
                                    name: string;
                                };
                                /** @enum {string} */
                                visibility: "private" | "team";
                                /** @description Who keeps it (user:<name> or operator:<os user>) */
                                owner: string;
                                /** @description The members the caller may see (their teams’, not deleted) */
                                memberCount: number;
                                createdAt: string;
                                updatedAt: string;
                            }[];
                            nextCursor?: string;
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        /** Create a collection in a team (collection:manage there) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Unique among the owner’s */
                        name: string;
                        description?: string;
                        /** @description Team id, slug or name; default: your only team */
                        team?: string;
                        /** @enum {string} */
                        visibility?: "private" | "team";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            description?: string;
                            team: {
                                id: string;
                                slug: string;
                                name: string;
                            };
                            /** @enum {string} */
                            visibility: "private" | "team";
                            /** @description Who keeps it (user:<name> or operator:<os user>) */
                            owner: string;
                            /** @description The members the caller may see (their teams’, not deleted) */
                            memberCount: number;
                            createdAt: string;
                            updatedAt: string;
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/collections/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One collection */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            description?: string;
                            team: {
                                id: string;
                                slug: string;
                                name: string;
                            };
                            /** @enum {string} */
                            visibility: "private" | "team";
                            /** @description Who keeps it (user:<name> or operator:<os user>) */
                            owner: string;
                            /** @description The members the caller may see (their teams’, not deleted) */
                            memberCount: number;
                            createdAt: string;
                            updatedAt: string;
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a collection (its owner or an admin); the assets stay */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Rename, describe (empty: none) or share a collection (its owner or an admin)
         * @description private: its owner alone (and admins); team: everyone who may read the team
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        /** @description Unique among the owner’s */
                        name?: string;
                        description?: string;
                        /** @enum {string} */
                        visibility?: "private" | "team";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            description?: string;
                            team: {
                                id: string;
                                slug: string;
                                name: string;
                            };
                            /** @enum {string} */
                            visibility: "private" | "team";
                            /** @description Who keeps it (user:<name> or operator:<os user>) */
                            owner: string;
                            /** @description The members the caller may see (their teams’, not deleted) */
                            memberCount: number;
                            createdAt: string;
                            updatedAt: string;
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/collections/{id}/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Members in order, those the caller may see; pages stay stable while members are added */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                assetId: string;
                                title: string;
                                /** @enum {string} */
                                kind: "image" | "video" | "audio" | "text" | "document" | "model3d" | "other";
                                /** @enum {string} */
                                status: "draft" | "enriching" | "brand_check" | "in_review" | "approved" | "changes_requested" | "rejected" | "published" | "archived" | "quarantined" | "deprecated";
                                addedAt: string;
                                addedBy: string;
                            }[];
                            nextCursor?: string;
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        /** Add assets (all or none: one unknown or unreadable is 404), at the end or before/after a member or at a place; members already there stay */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        assetIds: string[];
                        /** Format: uuid */
                        before?: string;
                        /** Format: uuid */
                        after?: string;
                        /** @description 1-based place among the members the caller sees */
                        position?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            collection: {
                                id: string;
                                name: string;
                                description?: string;
                                team: {
                                    id: string;
                                    slug: string;
                                    name: string;
                                };
                                /** @enum {string} */
                                visibility: "private" | "team";
                                /** @description Who keeps it (user:<name> or operator:<os user>) */
                                owner: string;
                                /** @description The members the caller may see (their teams’, not deleted) */
                                memberCount: number;
                                createdAt: string;
                                updatedAt: string;
                            };
                            added: string[];
                            alreadyPresent: string[];
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/collections/{id}/members/{assetId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Take an asset out (removed: false when it was not in) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    assetId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            removed: boolean;
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/collections/{id}/members/{assetId}/move": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Move a member before or after another, or to a 1-based place (exactly one of the three) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    assetId: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        before?: string;
                        /** Format: uuid */
                        after?: string;
                        /** @description 1-based place among the members the caller sees */
                        position?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            description?: string;
                            team: {
                                id: string;
                                slug: string;
                                name: string;
                            };
                            /** @enum {string} */
                            visibility: "private" | "team";
                            /** @description Who keeps it (user:<name> or operator:<os user>) */
                            owner: string;
                            /** @description The members the caller may see (their teams’, not deleted) */
                            memberCount: number;
                            createdAt: string;
                            updatedAt: string;
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/saved-searches": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's saved searches and those shared with their teams, newest first */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                id: string;
                                name: string;
                                /** @description The search query text (docs/search.md) */
                                query: string;
                                team: {
                                    id: string;
                                    slug: string;
                                    name: string;
                                };
                                /** @enum {string} */
                                visibility: "private" | "team";
                                owner: string;
                                createdAt: string;
                                updatedAt: string;
                            }[];
                            nextCursor?: string;
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        /** Save a search query under a name, in a team (collection:manage there) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Unique among the owner’s */
                        name: string;
                        query: string;
                        team?: string;
                        /** @enum {string} */
                        visibility?: "private" | "team";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            /** @description The search query text (docs/search.md) */
                            query: string;
                            team: {
                                id: string;
                                slug: string;
                                name: string;
                            };
                            /** @enum {string} */
                            visibility: "private" | "team";
                            owner: string;
                            createdAt: string;
                            updatedAt: string;
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/saved-searches/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One saved search */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            /** @description The search query text (docs/search.md) */
                            query: string;
                            team: {
                                id: string;
                                slug: string;
                                name: string;
                            };
                            /** @enum {string} */
                            visibility: "private" | "team";
                            owner: string;
                            createdAt: string;
                            updatedAt: string;
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a saved search (its owner or an admin) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Rename, change the query or share a saved search (its owner or an admin) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        /** @description Unique among the owner’s */
                        name?: string;
                        query?: string;
                        /** @enum {string} */
                        visibility?: "private" | "team";
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            name: string;
                            /** @description The search query text (docs/search.md) */
                            query: string;
                            team: {
                                id: string;
                                slug: string;
                                name: string;
                            };
                            /** @enum {string} */
                            visibility: "private" | "team";
                            owner: string;
                            createdAt: string;
                            updatedAt: string;
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/presets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The organisation's channel rendition presets, by name */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                name: string;
                                description?: string;
                                /** @description Bounding box width in pixels, 1–16384 */
                                width?: number;
                                /** @description Bounding box height in pixels, 1–16384 */
                                height?: number;
                                /** @description How the picture meets the box: inside, cover, contain (never upscaled) */
                                fit: string;
                                /** @description Output format: original, jpeg, png, webp (original keeps the type) */
                                format: string;
                                /** @description 1–100, JPEG and WebP only */
                                quality?: number;
                                /** @description srgb, display-p3 */
                                colourSpace: string;
                                /** @description What travels with the file: provenance, keep-original, strip (keep-original: a byte-identical copy only) */
                                metadata: string;
                                /** @description A visible text drawn on the picture */
                                watermark?: string;
                                updatedAt: string;
                                /** @description Who stored it (actor label; system:seed for a default) */
                                updatedBy: string;
                            }[];
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        /** Create or replace a rendition preset (presets:manage); audited */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            /** @description A rendition preset: {name, width?, height?, fit (default inside), format, quality?, colourSpace (default srgb), metadata (default provenance), description?, watermark?}. */
            requestBody?: {
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            name: string;
                            description?: string;
                            /** @description Bounding box width in pixels, 1–16384 */
                            width?: number;
                            /** @description Bounding box height in pixels, 1–16384 */
                            height?: number;
                            /** @description How the picture meets the box: inside, cover, contain (never upscaled) */
                            fit: string;
                            /** @description Output format: original, jpeg, png, webp (original keeps the type) */
                            format: string;
                            /** @description 1–100, JPEG and WebP only */
                            quality?: number;
                            /** @description srgb, display-p3 */
                            colourSpace: string;
                            /** @description What travels with the file: provenance, keep-original, strip (keep-original: a byte-identical copy only) */
                            metadata: string;
                            /** @description A visible text drawn on the picture */
                            watermark?: string;
                            updatedAt: string;
                            /** @description Who stored it (actor label; system:seed for a default) */
                            updatedBy: string;
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            name: string;
                            description?: string;
                            /** @description Bounding box width in pixels, 1–16384 */
                            width?: number;
                            /** @description Bounding box height in pixels, 1–16384 */
                            height?: number;
                            /** @description How the picture meets the box: inside, cover, contain (never upscaled) */
                            fit: string;
                            /** @description Output format: original, jpeg, png, webp (original keeps the type) */
                            format: string;
                            /** @description 1–100, JPEG and WebP only */
                            quality?: number;
                            /** @description srgb, display-p3 */
                            colourSpace: string;
                            /** @description What travels with the file: provenance, keep-original, strip (keep-original: a byte-identical copy only) */
                            metadata: string;
                            /** @description A visible text drawn on the picture */
                            watermark?: string;
                            updatedAt: string;
                            /** @description Who stored it (actor label; system:seed for a default) */
                            updatedBy: string;
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/presets/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One rendition preset */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The preset name, a lower-case slug (web-1600) */
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            name: string;
                            description?: string;
                            /** @description Bounding box width in pixels, 1–16384 */
                            width?: number;
                            /** @description Bounding box height in pixels, 1–16384 */
                            height?: number;
                            /** @description How the picture meets the box: inside, cover, contain (never upscaled) */
                            fit: string;
                            /** @description Output format: original, jpeg, png, webp (original keeps the type) */
                            format: string;
                            /** @description 1–100, JPEG and WebP only */
                            quality?: number;
                            /** @description srgb, display-p3 */
                            colourSpace: string;
                            /** @description What travels with the file: provenance, keep-original, strip (keep-original: a byte-identical copy only) */
                            metadata: string;
                            /** @description A visible text drawn on the picture */
                            watermark?: string;
                            updatedAt: string;
                            /** @description Who stored it (actor label; system:seed for a default) */
                            updatedBy: string;
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        /** Create or replace the rendition preset of this name (presets:manage); audited */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The preset name, a lower-case slug (web-1600) */
                    name: string;
                };
                cookie?: never;
            };
            /** @description A rendition preset: {name, width?, height?, fit (default inside), format, quality?, colourSpace (default srgb), metadata (default provenance), description?, watermark?}. */
            requestBody?: {
                content: {
                    "application/json": {
                        [key: string]: unknown;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            name: string;
                            description?: string;
                            /** @description Bounding box width in pixels, 1–16384 */
                            width?: number;
                            /** @description Bounding box height in pixels, 1–16384 */
                            height?: number;
                            /** @description How the picture meets the box: inside, cover, contain (never upscaled) */
                            fit: string;
                            /** @description Output format: original, jpeg, png, webp (original keeps the type) */
                            format: string;
                            /** @description 1–100, JPEG and WebP only */
                            quality?: number;
                            /** @description srgb, display-p3 */
                            colourSpace: string;
                            /** @description What travels with the file: provenance, keep-original, strip (keep-original: a byte-identical copy only) */
                            metadata: string;
                            /** @description A visible text drawn on the picture */
                            watermark?: string;
                            updatedAt: string;
                            /** @description Who stored it (actor label; system:seed for a default) */
                            updatedBy: string;
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            name: string;
                            description?: string;
                            /** @description Bounding box width in pixels, 1–16384 */
                            width?: number;
                            /** @description Bounding box height in pixels, 1–16384 */
                            height?: number;
                            /** @description How the picture meets the box: inside, cover, contain (never upscaled) */
                            fit: string;
                            /** @description Output format: original, jpeg, png, webp (original keeps the type) */
                            format: string;
                            /** @description 1–100, JPEG and WebP only */
                            quality?: number;
                            /** @description srgb, display-p3 */
                            colourSpace: string;
                            /** @description What travels with the file: provenance, keep-original, strip (keep-original: a byte-identical copy only) */
                            metadata: string;
                            /** @description A visible text drawn on the picture */
                            watermark?: string;
                            updatedAt: string;
                            /** @description Who stored it (actor label; system:seed for a default) */
                            updatedBy: string;
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        post?: never;
        /** Delete a rendition preset (presets:manage); its cached renditions stay until their sources go */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The preset name, a lower-case slug (web-1600) */
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assets/{id}/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Export one asset version for a channel: the preset rendition carrying its provenance
         * @description The usage check decides first (the channel, region and — for a crop or a watermark — derivative use): a use it denies is 403 USAGE_DENIED with every reason in details.decision, and audited; nothing is made or sent. The file carries IPTC/XMP (digital source type, AI fields, rights, credit) and its C2PA manifest — kept when the bytes are unchanged, or a new one signed with the organisation's certificate (header x-provena-c2pa: kept, signed or none). Renditions are made once and cached by content address. Its Schema.org JSON-LD is at the Link header (rel=describedby).
         */
        get: {
            parameters: {
                query: {
                    /** @description A rendition preset name (GET /api/v1/presets) */
                    preset: string;
                    /** @description The channel the file is for (one of the organisation's, GET /api/v1/channels) */
                    channel: string;
                    /** @description ISO 3166-1 alpha-2 code of where it will be used */
                    region?: string;
                    version?: number;
                };
                header?: never;
                path: {
                    /** @description Asset id (UUIDv7) */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assets/{id}/jsonld": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The Schema.org JSON-LD of an asset version (ImageObject / MediaObject), as its exports carry it */
        get: {
            parameters: {
                query?: {
                    version?: number;
                };
                header?: never;
                path: {
                    /** @description Asset id (UUIDv7) */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description application/ld+json */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/exports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Export many assets as one zip stream (asset ids, a collection or a search query)
         * @description The usage check decides first (the channel, region and — for a crop or a watermark — derivative use): every asset is checked before the stream starts and again before its file; when none may leave, the answer is 403 USAGE_DENIED with every reason in details.decision, and audited; nothing is made or sent. The zip holds each allowed file with its JSON-LD sidecar (<name>.jsonld) and, last, manifest.json listing what was exported and what was refused with every reason. At most 10,000 assets.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        assetIds?: string[];
                        /** @description A collection id or name */
                        collection?: string;
                        /** @description A search query (docs/search.md) */
                        query?: string;
                        /** @description A rendition preset name (GET /api/v1/presets) */
                        preset: string;
                        /** @description The channel the file is for (one of the organisation's, GET /api/v1/channels) */
                        channel: string;
                        /** @description ISO 3166-1 alpha-2 code of where it will be used */
                        region?: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assets/{id}/rights": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An asset's current rights record (revision 0 and no record before one is set) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            assetId: string;
                            /** @description The current revision; 0 before a record is set */
                            revision: number;
                            /** @description status (cleared | pending | restricted | expired | unknown), licence, licensor, licenceUrl, acquireLicensePage, approvedChannels, regionsAllowed, regionsDenied (ISO 3166-1 alpha-2), validFrom, expiresAt (last day of use), reviewDate (YYYY-MM-DD, UTC), derivativesAllowed, creditLine, copyrightNotice, usageTerms, thirdPartyInputs [{kind, title, reference}], modelRelease {required, obtained, reference}, aiOrigin {involvement, registrable, humanContribution}, euAiAct {machineReadableMark, visibleLabelRequired, visibleLabelApplied} */
                            record?: {
                                [key: string]: unknown;
                            };
                            /** @description The asset's current version when it was set */
                            versionNumber?: number;
                            setAt?: string;
                            setBy?: string;
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        /**
         * Set an asset's rights record, whole, as a new revision
         * @description Needs rights:edit on the asset’s team. expectedRevision is the revision replaced (0 for the first): another is 409 CONFLICT. Every field problem is listed in one 400 VALIDATION_FAILED. Audited with the fields changed, before and after.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        expectedRevision: number;
                        /** @description status (cleared | pending | restricted | expired | unknown), licence, licensor, licenceUrl, acquireLicensePage, approvedChannels, regionsAllowed, regionsDenied (ISO 3166-1 alpha-2), validFrom, expiresAt (last day of use), reviewDate (YYYY-MM-DD, UTC), derivativesAllowed, creditLine, copyrightNotice, usageTerms, thirdPartyInputs [{kind, title, reference}], modelRelease {required, obtained, reference}, aiOrigin {involvement, registrable, humanContribution}, euAiAct {machineReadableMark, visibleLabelRequired, visibleLabelApplied} */
                        record: {
                            [key: string]: unknown;
                        };
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            assetId: string;
                            /** @description The current revision; 0 before a record is set */
                            revision: number;
                            /** @description status (cleared | pending | restricted | expired | unknown), licence, licensor, licenceUrl, acquireLicensePage, approvedChannels, regionsAllowed, regionsDenied (ISO 3166-1 alpha-2), validFrom, expiresAt (last day of use), reviewDate (YYYY-MM-DD, UTC), derivativesAllowed, creditLine, copyrightNotice, usageTerms, thirdPartyInputs [{kind, title, reference}], modelRelease {required, obtained, reference}, aiOrigin {involvement, registrable, humanContribution}, euAiAct {machineReadableMark, visibleLabelRequired, visibleLabelApplied} */
                            record?: {
                                [key: string]: unknown;
                            };
                            /** @description The asset's current version when it was set */
                            versionNumber?: number;
                            setAt?: string;
                            setBy?: string;
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/assets/{id}/rights/history": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every revision of an asset's rights record, newest first */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                assetId: string;
                                /** @description The current revision; 0 before a record is set */
                                revision: number;
                                /** @description status (cleared | pending | restricted | expired | unknown), licence, licensor, licenceUrl, acquireLicensePage, approvedChannels, regionsAllowed, regionsDenied (ISO 3166-1 alpha-2), validFrom, expiresAt (last day of use), reviewDate (YYYY-MM-DD, UTC), derivativesAllowed, creditLine, copyrightNotice, usageTerms, thirdPartyInputs [{kind, title, reference}], modelRelease {required, obtained, reference}, aiOrigin {involvement, registrable, humanContribution}, euAiAct {machineReadableMark, visibleLabelRequired, visibleLabelApplied} */
                                record?: {
                                    [key: string]: unknown;
                                };
                                /** @description The asset's current version when it was set */
                                versionNumber?: number;
                                setAt?: string;
                                setBy?: string;
                            }[];
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/usage-checks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * May this asset (version) be used on this channel, in this region, on this day, as a derivative or not?
         * @description Answers 200 with the decision whether allowed or not, every reason listed (denials first). The same check gates every download.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        assetId: string;
                        version?: number;
                        channel: string;
                        region?: string;
                        /** @description A day (YYYY-MM-DD, UTC) or an ISO-8601 instant; default now */
                        at?: string;
                        derivative?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            allowed: boolean;
                            assetId: string;
                            version: number;
                            channel: string;
                            region?: string;
                            /** @description The instant decided for (ISO-8601); its UTC day is compared with the dates */
                            at: string;
                            derivative: boolean;
                            /** @description Every reason, denials first */
                            reasons: {
                                /** @enum {string} */
                                code: "asset_deleted" | "quarantined" | "not_approved" | "version_not_approved" | "rights_missing" | "rights_not_cleared" | "rights_not_yet_valid" | "rights_expired" | "channel_not_approved" | "region_denied" | "region_not_allowed" | "derivative_not_allowed" | "release_missing" | "ai_label_missing" | "review_due" | "attribution_required";
                                /** @enum {string} */
                                verdict: "deny" | "warn";
                                message: string;
                                details?: {
                                    [key: string]: unknown;
                                };
                            }[];
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/channels": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The organisation's channels */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                name: string;
                                addedAt: string;
                                addedBy: string;
                            }[];
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        /** Add a channel to the organisation's list (channels:manage) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            channel: {
                                name: string;
                                addedAt: string;
                                addedBy: string;
                            };
                            created: boolean;
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            channel: {
                                name: string;
                                addedAt: string;
                                addedBy: string;
                            };
                            created: boolean;
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/channels/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove a channel from the organisation's list (channels:manage; never internal) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/share-links": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's share links (scope=mine) or those of the teams where they hold share:manage (scope=team) */
        get: {
            parameters: {
                query?: {
                    scope?: "mine" | "team";
                    includeRevoked?: boolean;
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                id: string;
                                scope: {
                                    /** @enum {string} */
                                    kind: "asset" | "collection";
                                    assetId?: string;
                                    collectionId?: string;
                                };
                                teamId: string | null;
                                channel: string;
                                region?: string;
                                /** @description The rendition preset; null: the original */
                                preset: string | null;
                                /** @description The text drawn on every downloaded image */
                                watermark?: string;
                                passwordProtected: boolean;
                                expiresAt: string;
                                revokedAt?: string;
                                revokedBy?: string;
                                /** @description Who made it (user:<name> or operator:<os user>) */
                                owner: string;
                                createdAt: string;
                                /** @description Every hit, refused ones included */
                                hitCount: number;
                                lastHitAt?: string;
                            }[];
                            nextCursor?: string;
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Make a share link to an asset or a collection (share:manage on its team); the token is answered once
         * @description The link opens at `url` without an account until it expires or is revoked; every hit checks the usage of each asset on the link’s channel and region at that moment. Only the SHA-256 of the token is kept: it cannot be shown again.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        assetId?: string;
                        /** @description A collection id, or the name of one of yours */
                        collection?: string;
                        /** @description A duration (30m, 12h, 7d, 2w) or an ISO-8601 date and time; at most PROVENA_SHARE_LINK_MAX_DAYS ahead */
                        expires: string;
                        /** @description A channel of the organisation (web, social, …) */
                        channel: string;
                        /** @description ISO 3166-1 alpha-2 code */
                        region?: string;
                        /** @description A rendition preset’s name; absent or null: the original */
                        preset?: string | null;
                        /** @description At least 8 characters */
                        password?: string;
                        /** @description true for the default text, or the text to draw on every downloaded image */
                        watermark?: boolean | string;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            link: {
                                id: string;
                                scope: {
                                    /** @enum {string} */
                                    kind: "asset" | "collection";
                                    assetId?: string;
                                    collectionId?: string;
                                };
                                teamId: string | null;
                                channel: string;
                                region?: string;
                                /** @description The rendition preset; null: the original */
                                preset: string | null;
                                /** @description The text drawn on every downloaded image */
                                watermark?: string;
                                passwordProtected: boolean;
                                expiresAt: string;
                                revokedAt?: string;
                                revokedBy?: string;
                                /** @description Who made it (user:<name> or operator:<os user>) */
                                owner: string;
                                createdAt: string;
                                /** @description Every hit, refused ones included */
                                hitCount: number;
                                lastHitAt?: string;
                            };
                            /** @description The secret, shown this once */
                            token: string;
                            /** @description The link to hand out */
                            url: string;
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/share-links/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One share link (its owner, or share:manage on its team) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            scope: {
                                /** @enum {string} */
                                kind: "asset" | "collection";
                                assetId?: string;
                                collectionId?: string;
                            };
                            teamId: string | null;
                            channel: string;
                            region?: string;
                            /** @description The rendition preset; null: the original */
                            preset: string | null;
                            /** @description The text drawn on every downloaded image */
                            watermark?: string;
                            passwordProtected: boolean;
                            expiresAt: string;
                            revokedAt?: string;
                            revokedBy?: string;
                            /** @description Who made it (user:<name> or operator:<os user>) */
                            owner: string;
                            createdAt: string;
                            /** @description Every hit, refused ones included */
                            hitCount: number;
                            lastHitAt?: string;
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Revoke a share link: refused from the next request on (its owner, or share:manage on its team) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            scope: {
                                /** @enum {string} */
                                kind: "asset" | "collection";
                                assetId?: string;
                                collectionId?: string;
                            };
                            teamId: string | null;
                            channel: string;
                            region?: string;
                            /** @description The rendition preset; null: the original */
                            preset: string | null;
                            /** @description The text drawn on every downloaded image */
                            watermark?: string;
                            passwordProtected: boolean;
                            expiresAt: string;
                            revokedAt?: string;
                            revokedBy?: string;
                            /** @description Who made it (user:<name> or operator:<os user>) */
                            owner: string;
                            createdAt: string;
                            /** @description Every hit, refused ones included */
                            hitCount: number;
                            lastHitAt?: string;
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/share-links/{id}/stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The hits of a share link: per outcome, downloads and bytes, per asset */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            linkId: string;
                            hits: number;
                            byOutcome: {
                                allowed: number;
                                denied: number;
                                expired: number;
                                revoked: number;
                                password: number;
                                locked: number;
                            };
                            downloads: number;
                            bytes: number;
                            firstHitAt?: string;
                            lastHitAt?: string;
                            byAsset: {
                                assetId: string;
                                downloads: number;
                                bytes: number;
                            }[];
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/s/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Open a share link (public): what it shares, each asset checked for use now; HTML for a browser
         * @description No account needed: the token is the authority. A password-protected link needs X-Share-Password. 410 SHARE_LINK_UNAVAILABLE for an unknown, malformed, revoked or expired link (details.reason), 401 SHARE_LINK_PASSWORD, 403 USAGE_DENIED when the asset may no longer be used on the link’s channel.
         */
        get: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The link’s password, when it has one */
                    "x-share-password"?: string;
                };
                path: {
                    token: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            kind: "asset" | "collection";
                            title?: string;
                            channel: string;
                            region?: string;
                            preset: string | null;
                            watermark: boolean;
                            expiresAt: string;
                            items: {
                                assetId: string;
                                title: string;
                                kind: string;
                                available: boolean;
                                reasons?: {
                                    code: string;
                                    message: string;
                                }[];
                                /** @description The path of its file, when available */
                                download?: string;
                            }[];
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                410: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/s/{token}/file": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download a shared file (public): the link's asset in its preset, checked for use now */
        get: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The link’s password, when it has one */
                    "x-share-password"?: string;
                };
                path: {
                    token: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/s/{token}/file/{assetId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download one asset a collection link shares (public) */
        get: {
            parameters: {
                query?: never;
                header?: {
                    /** @description The link’s password, when it has one */
                    "x-share-password"?: string;
                };
                path: {
                    token: string;
                    assetId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/dashboard": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The dashboard's figures, over the teams whose assets you may read (asset:read)
         * @description Library growth per day, the AI share, time to approval (from the upload of the approved version), the brand verdicts, near-duplicates caught at intake, and rights that expire soon. Someone with no role that reads assets gets zeros; nobody sees another team’s numbers.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Days the time series cover, ending today */
                    days?: number;
                    /** @description Rights records whose last day is today or within this many days */
                    expiringWithinDays?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description A calendar day, YYYY-MM-DD (UTC) */
                            from: string;
                            /** @description A calendar day, YYYY-MM-DD (UTC) */
                            to: string;
                            growth: {
                                /** @description Assets added before `from` */
                                before: number;
                                /** @description Every day of the window: assets added, and the library’s size at its end */
                                days: {
                                    /** @description A calendar day, YYYY-MM-DD (UTC) */
                                    day: string;
                                    added: number;
                                    total: number;
                                }[];
                            };
                            /** @description Assets by the AI involvement of their current version */
                            aiShare: {
                                /** @enum {string} */
                                involvement: "none" | "ai-edited" | "ai-generated" | "unknown";
                                count: number;
                            }[];
                            timeToApproval: {
                                approvals: number;
                                averageHours: number | null;
                                buckets: {
                                    /** @enum {string} */
                                    bucket: "under-1h" | "1h-1d" | "1d-7d" | "over-7d";
                                    count: number;
                                }[];
                            };
                            /** @description Assets by their worst current brand verdict */
                            brand: {
                                pass: number;
                                warn: number;
                                fail: number;
                                unchecked: number;
                            };
                            /** @description Assets intake found to be near-duplicates of one already stored, per day */
                            nearDuplicates: {
                                total: number;
                                days: {
                                    /** @description A calendar day, YYYY-MM-DD (UTC) */
                                    day: string;
                                    count: number;
                                }[];
                            };
                            /** @description Uploads of bytes already stored, answered with the existing asset instead of a copy, per day */
                            exactDuplicates: {
                                total: number;
                                days: {
                                    /** @description A calendar day, YYYY-MM-DD (UTC) */
                                    day: string;
                                    count: number;
                                }[];
                            };
                            expiring: {
                                withinDays: number;
                                total: number;
                                /** @description The first 50, soonest first */
                                items: {
                                    assetId: string;
                                    title: string;
                                    status: string;
                                    /** @description A calendar day, YYYY-MM-DD (UTC) */
                                    expiresAt: string;
                                }[];
                            };
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Search assets with the query language
         * @description Full text over title, description, prompt, tags, detected objects, text in the image, file name and campaign (stemmed, diacritics folded, weighted: a title hit outranks a prompt hit) with field filters, e.g. `sunset beach model:"sdxl" campaign:summer-26 -tag:people status:approved color:#ff6600 created:>2026-06-01` — the language is in docs/search.md. Only assets of teams the caller may read are found or counted. A query that does not parse is a 400 QUERY_INVALID naming the column and what was expected. Without text, every matching asset, newest first.
         */
        get: {
            parameters: {
                query?: {
                    /** @description The query; empty: every asset in reach */
                    q?: string;
                    limit?: number;
                    /** @description nextCursor of the previous page */
                    cursor?: string;
                    /** @description Count these facets over the whole match (comma-separated: status, risk, team, campaign, tool, model, ai, type, orientation, c2pa, brand, faces, rights, use), or "true" for status, risk, campaign, model, ai and orientation */
                    facets?: string;
                    /** @description More like this asset: its nearest assets by image embedding within the query's filters (one page, no cursor) */
                    like?: string;
                    /** @description false: rank the words by text only, keyset-paged, even where the embedder (CLIP) could rank them too */
                    semantic?: boolean;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The query as understood, in canonical form */
                            query: string;
                            items: {
                                asset: {
                                    id: string;
                                    title: string;
                                    kind: string;
                                    /** @enum {string} */
                                    status: "draft" | "enriching" | "brand_check" | "in_review" | "approved" | "changes_requested" | "rejected" | "published" | "archived" | "quarantined" | "deprecated";
                                    quarantineReasons: {
                                        code: string;
                                        field?: string;
                                        message: string;
                                    }[];
                                    description?: string;
                                    prompt?: string;
                                    tool?: string;
                                    model?: string;
                                    toolVersion?: string;
                                    /** @enum {string} */
                                    intendedUse?: "internal" | "web" | "social" | "email" | "print" | "ooh" | "advertising" | "editorial" | "product" | "presentation" | "regulated" | "other";
                                    /** @enum {string} */
                                    rightsStatus: "cleared" | "pending" | "restricted" | "expired" | "unknown";
                                    requestor?: {
                                        id: string;
                                        slug: string;
                                        name: string;
                                    };
                                    team?: {
                                        id: string;
                                        slug: string;
                                        name: string;
                                    };
                                    campaign?: {
                                        id: string;
                                        slug: string;
                                        name: string;
                                    };
                                    /** @enum {string} */
                                    audience?: "internal" | "external";
                                    regulated?: boolean;
                                    /** @description The review tier the risk policy gave; absent until derived */
                                    riskTier?: number;
                                    /** @description The policy rule that set the tier; absent when the default tier applied */
                                    riskRule?: string;
                                    /** @description The risk policy version that decided the tier */
                                    riskPolicyVersion?: number;
                                    currentVersion: number;
                                    createdAt: string;
                                    updatedAt: string;
                                    versions?: {
                                        number: number;
                                        sha256: string;
                                        size: number;
                                        mediaType: string;
                                        fileName: string;
                                        width?: number;
                                        height?: number;
                                        createdAt: string;
                                        createdBy: string;
                                        /** @description Set on a version made by reverting: the version whose bytes and provenance it copied */
                                        revertOf?: number;
                                        /** @description The normalised provenance record: AI involvement, digital source type, generator, prompt, sampling, C2PA and IPTC summaries, and the source each field was taken from */
                                        provenance: {
                                            [key: string]: unknown;
                                        };
                                        originalUrl: string;
                                    }[];
                                    /** @description On one asset read: the latest brand check per brand (each rule with its evidence: GET /api/v1/assets/{id}/brand-check) */
                                    brandChecks?: {
                                        current: {
                                            id: string;
                                            brandId: string;
                                            versionNumber: number;
                                            guidelineVersion: number;
                                            /** @enum {string} */
                                            verdict: "pass" | "warn" | "fail";
                                            score: number;
                                            failedRules: string[];
                                            checkedAt: string;
                                        }[];
                                        /** @description A new guideline version changed the verdict: re-review it */
                                        rereview: boolean;
                                    };
                                    /** @description Only on a soft-deleted asset (an admin listing ?deleted=only): restorable until purgeAfter */
                                    deletion?: {
                                        at: string;
                                        by: string;
                                        purgeAfter: string;
                                    };
                                };
                                /** @description Text: the engine relevance; vector: cosine similarity; hybrid: reciprocal rank fusion */
                                score: number;
                                /** @description Cosine similarity to the query vector */
                                similarity?: number;
                                /** @description The current version's ThumbHash placeholder (base64), once renditions are made */
                                thumbhash?: string;
                            }[];
                            nextCursor?: string;
                            /** @description Matching assets in all (with facets) */
                            total?: number;
                            /**
                             * @description The match was too broad to count every asset: total and the facet counts are estimated from a sample spread over it (show them as "about")
                             * @enum {boolean}
                             */
                            approximate?: true;
                            facets?: {
                                status?: {
                                    value: string;
                                    /** @description A team's or campaign's name (the value is its id) */
                                    label?: string;
                                    count: number;
                                }[];
                                risk?: {
                                    value: string;
                                    /** @description A team's or campaign's name (the value is its id) */
                                    label?: string;
                                    count: number;
                                }[];
                                team?: {
                                    value: string;
                                    /** @description A team's or campaign's name (the value is its id) */
                                    label?: string;
                                    count: number;
                                }[];
                                campaign?: {
                                    value: string;
                                    /** @description A team's or campaign's name (the value is its id) */
                                    label?: string;
                                    count: number;
                                }[];
                                tool?: {
                                    value: string;
                                    /** @description A team's or campaign's name (the value is its id) */
                                    label?: string;
                                    count: number;
                                }[];
                                model?: {
                                    value: string;
                                    /** @description A team's or campaign's name (the value is its id) */
                                    label?: string;
                                    count: number;
                                }[];
                                ai?: {
                                    value: string;
                                    /** @description A team's or campaign's name (the value is its id) */
                                    label?: string;
                                    count: number;
                                }[];
                                type?: {
                                    value: string;
                                    /** @description A team's or campaign's name (the value is its id) */
                                    label?: string;
                                    count: number;
                                }[];
                                orientation?: {
                                    value: string;
                                    /** @description A team's or campaign's name (the value is its id) */
                                    label?: string;
                                    count: number;
                                }[];
                                c2pa?: {
                                    value: string;
                                    /** @description A team's or campaign's name (the value is its id) */
                                    label?: string;
                                    count: number;
                                }[];
                                brand?: {
                                    value: string;
                                    /** @description A team's or campaign's name (the value is its id) */
                                    label?: string;
                                    count: number;
                                }[];
                                faces?: {
                                    value: string;
                                    /** @description A team's or campaign's name (the value is its id) */
                                    label?: string;
                                    count: number;
                                }[];
                                rights?: {
                                    value: string;
                                    /** @description A team's or campaign's name (the value is its id) */
                                    label?: string;
                                    count: number;
                                }[];
                                use?: {
                                    value: string;
                                    /** @description A team's or campaign's name (the value is its id) */
                                    label?: string;
                                    count: number;
                                }[];
                            };
                            /** @description Search by image: an asset you may read holds these very bytes */
                            exactCopy?: {
                                assetId: string;
                                versionNumber: number;
                            };
                            /** @description The rankings used: text, vector (image embedding), or both fused by reciprocal rank */
                            modes?: ("text" | "vector")[];
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/search/by-image": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Search by an uploaded image (multipart/form-data: "file", optional "q" and "limit")
         * @description The image is decoded like an upload (formats, pixel limit) and embedded by the configured embedder; its nearest assets in the caller's teams come back, one page of at most `limit` (no cursor). Nothing of the image is kept. Optional `q`: its filters restrict, its words also rank by text (hybrid, reciprocal rank fusion). A file that is not an image, or a decompression bomb, is a 400 naming the file; without an embedder, 409.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "multipart/form-data": {
                        /**
                         * Format: binary
                         * @description The query image (exactly one part named "file")
                         */
                        file: string;
                        /** @description A query: filters and words (docs/search.md) */
                        q?: string;
                        /** @default 50 */
                        limit?: number;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The query as understood, in canonical form */
                            query: string;
                            items: {
                                asset: {
                                    id: string;
                                    title: string;
                                    kind: string;
                                    /** @enum {string} */
                                    status: "draft" | "enriching" | "brand_check" | "in_review" | "approved" | "changes_requested" | "rejected" | "published" | "archived" | "quarantined" | "deprecated";
                                    quarantineReasons: {
                                        code: string;
                                        field?: string;
                                        message: string;
                                    }[];
                                    description?: string;
                                    prompt?: string;
                                    tool?: string;
                                    model?: string;
                                    toolVersion?: string;
                                    /** @enum {string} */
                                    intendedUse?: "internal" | "web" | "social" | "email" | "print" | "ooh" | "advertising" | "editorial" | "product" | "presentation" | "regulated" | "other";
                                    /** @enum {string} */
                                    rightsStatus: "cleared" | "pending" | "restricted" | "expired" | "unknown";
                                    requestor?: {
                                        id: string;
                                        slug: string;
                                        name: string;
                                    };
                                    team?: {
                                        id: string;
                                        slug: string;
                                        name: string;
                                    };
                                    campaign?: {
                                        id: string;
                                        slug: string;
                                        name: string;
                                    };
                                    /** @enum {string} */
                                    audience?: "internal" | "external";
                                    regulated?: boolean;
                                    /** @description The review tier the risk policy gave; absent until derived */
                                    riskTier?: number;
                                    /** @description The policy rule that set the tier; absent when the default tier applied */
                                    riskRule?: string;
                                    /** @description The risk policy version that decided the tier */
                                    riskPolicyVersion?: number;
                                    currentVersion: number;
                                    createdAt: string;
                                    updatedAt: string;
                                    versions?: {
                                        number: number;
                                        sha256: string;
                                        size: number;
                                        mediaType: string;
                                        fileName: string;
                                        width?: number;
                                        height?: number;
                                        createdAt: string;
                                        createdBy: string;
                                        /** @description Set on a version made by reverting: the version whose bytes and provenance it copied */
                                        revertOf?: number;
                                        /** @description The normalised provenance record: AI involvement, digital source type, generator, prompt, sampling, C2PA and IPTC summaries, and the source each field was taken from */
                                        provenance: {
                                            [key: string]: unknown;
                                        };
                                        originalUrl: string;
                                    }[];
                                    /** @description On one asset read: the latest brand check per brand (each rule with its evidence: GET /api/v1/assets/{id}/brand-check) */
                                    brandChecks?: {
                                        current: {
                                            id: string;
                                            brandId: string;
                                            versionNumber: number;
                                            guidelineVersion: number;
                                            /** @enum {string} */
                                            verdict: "pass" | "warn" | "fail";
                                            score: number;
                                            failedRules: string[];
                                            checkedAt: string;
                                        }[];
                                        /** @description A new guideline version changed the verdict: re-review it */
                                        rereview: boolean;
                                    };
                                    /** @description Only on a soft-deleted asset (an admin listing ?deleted=only): restorable until purgeAfter */
                                    deletion?: {
                                        at: string;
                                        by: string;
                                        purgeAfter: string;
                                    };
                                };
                                /** @description Text: the engine relevance; vector: cosine similarity; hybrid: reciprocal rank fusion */
                                score: number;
                                /** @description Cosine similarity to the query vector */
                                similarity?: number;
                                /** @description The current version's ThumbHash placeholder (base64), once renditions are made */
                                thumbhash?: string;
                            }[];
                            nextCursor?: string;
                            /** @description Matching assets in all (with facets) */
                            total?: number;
                            /**
                             * @description The match was too broad to count every asset: total and the facet counts are estimated from a sample spread over it (show them as "about")
                             * @enum {boolean}
                             */
                            approximate?: true;
                            facets?: {
                                status?: {
                                    value: string;
                                    /** @description A team's or campaign's name (the value is its id) */
                                    label?: string;
                                    count: number;
                                }[];
                                risk?: {
                                    value: string;
                                    /** @description A team's or campaign's name (the value is its id) */
                                    label?: string;
                                    count: number;
                                }[];
                                team?: {
                                    value: string;
                                    /** @description A team's or campaign's name (the value is its id) */
                                    label?: string;
                                    count: number;
                                }[];
                                campaign?: {
                                    value: string;
                                    /** @description A team's or campaign's name (the value is its id) */
                                    label?: string;
                                    count: number;
                                }[];
                                tool?: {
                                    value: string;
                                    /** @description A team's or campaign's name (the value is its id) */
                                    label?: string;
                                    count: number;
                                }[];
                                model?: {
                                    value: string;
                                    /** @description A team's or campaign's name (the value is its id) */
                                    label?: string;
                                    count: number;
                                }[];
                                ai?: {
                                    value: string;
                                    /** @description A team's or campaign's name (the value is its id) */
                                    label?: string;
                                    count: number;
                                }[];
                                type?: {
                                    value: string;
                                    /** @description A team's or campaign's name (the value is its id) */
                                    label?: string;
                                    count: number;
                                }[];
                                orientation?: {
                                    value: string;
                                    /** @description A team's or campaign's name (the value is its id) */
                                    label?: string;
                                    count: number;
                                }[];
                                c2pa?: {
                                    value: string;
                                    /** @description A team's or campaign's name (the value is its id) */
                                    label?: string;
                                    count: number;
                                }[];
                                brand?: {
                                    value: string;
                                    /** @description A team's or campaign's name (the value is its id) */
                                    label?: string;
                                    count: number;
                                }[];
                                faces?: {
                                    value: string;
                                    /** @description A team's or campaign's name (the value is its id) */
                                    label?: string;
                                    count: number;
                                }[];
                                rights?: {
                                    value: string;
                                    /** @description A team's or campaign's name (the value is its id) */
                                    label?: string;
                                    count: number;
                                }[];
                                use?: {
                                    value: string;
                                    /** @description A team's or campaign's name (the value is its id) */
                                    label?: string;
                                    count: number;
                                }[];
                            };
                            /** @description Search by image: an asset you may read holds these very bytes */
                            exactCopy?: {
                                assetId: string;
                                versionNumber: number;
                            };
                            /** @description The rankings used: text, vector (image embedding), or both fused by reciprocal rank */
                            modes?: ("text" | "vector")[];
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/search/rebuild": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Recompute the search index from the assets
         * @description The index is kept current in the transaction of every change; rebuild after an analyser change (retokenise) or to repair it. Needs storage:maintain.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        /** @default false */
                        retokenise?: boolean;
                    };
                };
            };
            responses: {
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            documents: number;
                        };
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
                /** @description Every error has this shape; codes are listed in docs/errors.md. */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ErrorBody"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        /** @description Every error has this shape; codes are listed in docs/errors.md. */
        ErrorBody: {
            error: {
                code: string;
                message: string;
                details: {
                    [key: string]: unknown;
                };
                requestId: string;
            };
        };
        Asset: {
            id: string;
            title: string;
            kind: string;
            /** @enum {string} */
            status: "draft" | "enriching" | "brand_check" | "in_review" | "approved" | "changes_requested" | "rejected" | "published" | "archived" | "quarantined" | "deprecated";
            quarantineReasons: {
                code: string;
                field?: string;
                message: string;
            }[];
            description?: string;
            prompt?: string;
            tool?: string;
            model?: string;
            toolVersion?: string;
            /** @enum {string} */
            intendedUse?: "internal" | "web" | "social" | "email" | "print" | "ooh" | "advertising" | "editorial" | "product" | "presentation" | "regulated" | "other";
            /** @enum {string} */
            rightsStatus: "cleared" | "pending" | "restricted" | "expired" | "unknown";
            requestor?: {
                id: string;
                slug: string;
                name: string;
            };
            team?: {
                id: string;
                slug: string;
                name: string;
            };
            campaign?: {
                id: string;
                slug: string;
                name: string;
            };
            /** @enum {string} */
            audience?: "internal" | "external";
            regulated?: boolean;
            /** @description The review tier the risk policy gave; absent until derived */
            riskTier?: number;
            /** @description The policy rule that set the tier; absent when the default tier applied */
            riskRule?: string;
            /** @description The risk policy version that decided the tier */
            riskPolicyVersion?: number;
            currentVersion: number;
            createdAt: string;
            updatedAt: string;
            versions?: {
                number: number;
                sha256: string;
                size: number;
                mediaType: string;
                fileName: string;
                width?: number;
                height?: number;
                createdAt: string;
                createdBy: string;
                /** @description Set on a version made by reverting: the version whose bytes and provenance it copied */
                revertOf?: number;
                /** @description The normalised provenance record: AI involvement, digital source type, generator, prompt, sampling, C2PA and IPTC summaries, and the source each field was taken from */
                provenance: {
                    [key: string]: unknown;
                };
                originalUrl: string;
            }[];
            /** @description On one asset read: the latest brand check per brand (each rule with its evidence: GET /api/v1/assets/{id}/brand-check) */
            brandChecks?: {
                current: {
                    id: string;
                    brandId: string;
                    versionNumber: number;
                    guidelineVersion: number;
                    /** @enum {string} */
                    verdict: "pass" | "warn" | "fail";
                    score: number;
                    failedRules: string[];
                    checkedAt: string;
                }[];
                /** @description A new guideline version changed the verdict: re-review it */
                rereview: boolean;
            };
            /** @description Only on a soft-deleted asset (an admin listing ?deleted=only): restorable until purgeAfter */
            deletion?: {
                at: string;
                by: string;
                purgeAfter: string;
            };
        };
        Job: {
            id: string;
            queue: string;
            name: string;
            /** @description The job payload (its schema depends on the job name) */
            payload: unknown;
            /** @description Higher runs first within a queue (interactive 100, normal 50, backfill 10) */
            priority: number;
            /** @enum {string} */
            status: "queued" | "running" | "succeeded" | "failed" | "dead" | "cancelled";
            attempts: number;
            maxAttempts: number;
            /** @description Not before this time (the retry time of a failed job) */
            runAt: string;
            /** @description The worker running it (or that ran it last) */
            leaseOwner?: string;
            leaseExpiresAt?: string;
            /** @description The error of the last failed attempt */
            lastError?: {
                code: string;
                message: string;
                attempt: number;
                at: string;
            };
            dedupeKey?: string;
            createdAt: string;
            startedAt?: string;
            finishedAt?: string;
            updatedAt: string;
        };
        Family: {
            id: string;
            /** @description suggested | confirmed */
            state: string;
            canonicalAssetId: string;
            /** @description prompt-seed | batch | visual | manual */
            reason: string;
            members: {
                assetId: string;
                /** @description canonical | variant */
                role: string;
                /** @description suggested | confirmed */
                state: string;
                reason: string;
                matchedAssetId?: string;
                addedAt: string;
            }[];
            createdAt: string;
            updatedAt: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
